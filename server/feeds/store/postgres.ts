import { and, asc, count, desc, eq, isNotNull, isNull, lt, lte, max, min, or, sql } from 'drizzle-orm';
import type { PgDb } from '../../../db/pg.ts';
import { feedInbox } from '../../../db/schema.pg.ts';
import type { AppliedDelivery, Delivery, FeedInboxStore, FeedName, InboxStatus, PendingDelivery } from './types.ts';

/** Deliveries in one INSERT at most: 7 parameters each, well under PostgreSQL's 65,535 a statement. */
const MAX_BATCH = 1000;

type Waiting = { delivery: Delivery; resolve: (stored: boolean) => void; reject: (err: unknown) => void };

/**
 * The inbox on PostgreSQL. Deliveries arriving together go in one INSERT ... ON CONFLICT (feed,
 * delivery_id) DO NOTHING, one commit at a time per instance (the next batch gathers meanwhile);
 * each is answered once its commit is on disk (synchronous_commit on, db/pg.ts). The unique index
 * decides what is new whichever instance a delivery reaches: of two copies arriving at once on
 * two instances, one inserts and the other waits for that commit and finds it there. The applier's
 * methods are read and written by the lease holder; marking is conditional on the row being
 * unapplied, so a delivery is marked once even if a former holder was finishing a slice.
 */
export class PgFeedInbox implements FeedInboxStore {
  private waiting: Waiting[] = [];
  private flushing: Promise<void> | null = null;
  private flushQueued = false;
  onStored: () => void = () => {};
  lastStoredAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: PgDb,
    private readonly clock: () => Date,
  ) {}

  accept(delivery: Delivery): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ delivery, resolve, reject });
      this.scheduleFlush();
    });
  }

  private scheduleFlush() {
    if (this.flushQueued || this.flushing || !this.waiting.length) return;
    this.flushQueued = true;
    setImmediate(() => {
      this.flushQueued = false;
      this.flushing = this.flush().finally(() => {
        this.flushing = null;
        this.scheduleFlush();
      });
    });
  }

  private async flush() {
    const batch = this.waiting.splice(0, MAX_BATCH);
    const receivedAt = this.clock().toISOString();
    let inserted: Set<string>;
    try {
      const rows = await this.db
        .insert(feedInbox)
        .values(batch.map((w) => ({ ...w.delivery, receivedAt })))
        .onConflictDoNothing({ target: [feedInbox.feed, feedInbox.deliveryId] })
        .returning({ feed: feedInbox.feed, deliveryId: feedInbox.deliveryId });
      inserted = new Set(rows.map((r) => `${r.feed}\u0000${r.deliveryId}`));
    } catch (err) {
      for (const w of batch) w.reject(err);
      return;
    }
    if (inserted.size) {
      this.lastStoredAt = performance.now();
      this.onStored();
    }
    // A delivery twice in one batch: the first copy is the one stored, as one by one.
    for (const w of batch) {
      const key = `${w.delivery.feed}\u0000${w.delivery.deliveryId}`;
      w.resolve(inserted.delete(key));
    }
  }

  async close(): Promise<void> {
    while (this.flushing || this.flushQueued) await (this.flushing ?? new Promise((r) => setImmediate(r)));
  }

  async prune(before: Date): Promise<number> {
    const gone = await this.db
      .delete(feedInbox)
      .where(and(lt(feedInbox.receivedAt, before.toISOString()), isNotNull(feedInbox.appliedAt)))
      .returning({ seq: feedInbox.seq });
    return gone.length;
  }

  async status(feed: FeedName): Promise<InboxStatus> {
    const [[received], [applied], [backlog]] = await Promise.all([
      this.db
        .select({ at: feedInbox.receivedAt, type: feedInbox.eventType })
        .from(feedInbox)
        .where(eq(feedInbox.feed, feed))
        .orderBy(desc(feedInbox.seq))
        .limit(1),
      this.db
        .select({ at: feedInbox.appliedAt, type: feedInbox.eventType, outcome: feedInbox.outcome })
        .from(feedInbox)
        .where(and(eq(feedInbox.feed, feed), isNotNull(feedInbox.appliedAt)))
        .orderBy(desc(feedInbox.appliedAt))
        .limit(1),
      this.db
        .select({ n: count(), retrying: count(feedInbox.nextAttemptAt) })
        .from(feedInbox)
        .where(and(eq(feedInbox.feed, feed), isNull(feedInbox.appliedAt))),
    ]);
    return {
      lastReceived: received ?? null,
      // Not null: the rows are filtered on it.
      lastApplied: applied ? { ...applied, at: applied.at! } : null,
      backlog: backlog?.n ?? 0,
      retrying: backlog?.retrying ?? 0,
    };
  }

  async due(feed: FeedName, limit: number): Promise<PendingDelivery[]> {
    const now = this.clock().toISOString();
    return this.db
      .select({
        seq: feedInbox.seq,
        feed: feedInbox.feed,
        deliveryId: feedInbox.deliveryId,
        eventType: feedInbox.eventType,
        eventTime: feedInbox.eventTime,
        objectId: feedInbox.objectId,
        body: feedInbox.body,
        attempts: feedInbox.attempts,
      })
      .from(feedInbox)
      .where(and(eq(feedInbox.feed, feed), isNull(feedInbox.appliedAt), or(isNull(feedInbox.nextAttemptAt), lte(feedInbox.nextAttemptAt, now))))
      .orderBy(asc(feedInbox.seq))
      .limit(limit);
  }

  async nextRetryAt(feed: FeedName): Promise<string | null> {
    const [row] = await this.db
      .select({ at: min(feedInbox.nextAttemptAt) })
      .from(feedInbox)
      .where(and(eq(feedInbox.feed, feed), isNull(feedInbox.appliedAt)));
    return row?.at ?? null;
  }

  async markDone(applied: AppliedDelivery[]): Promise<number> {
    if (!applied.length) return 0;
    // One statement for the slice: its deliveries as three arrays, joined by seq.
    const { rowCount } = await this.db.$client.query(
      `UPDATE feed_inbox f SET applied_at = $1, outcome = d.outcome, as_of = d.as_of, attempts = f.attempts + 1, next_attempt_at = NULL, last_error = NULL
       FROM unnest($2::bigint[], $3::text[], $4::text[]) AS d(seq, outcome, as_of)
       WHERE f.seq = d.seq AND f.applied_at IS NULL`,
      [this.clock().toISOString(), applied.map((a) => a.seq), applied.map((a) => a.outcome), applied.map((a) => a.asOf)],
    );
    return rowCount ?? 0;
  }

  async markFailed(seq: number, retryAt: Date, reason: string): Promise<void> {
    await this.db
      .update(feedInbox)
      .set({ attempts: sql`${feedInbox.attempts} + 1`, nextAttemptAt: retryAt.toISOString(), lastError: reason.slice(0, 500) })
      .where(and(eq(feedInbox.seq, seq), isNull(feedInbox.appliedAt)));
  }

  async versionOf(feed: FeedName, objectId: string): Promise<string | null> {
    const [row] = await this.db
      .select({ asOf: max(feedInbox.asOf) })
      .from(feedInbox)
      .where(and(eq(feedInbox.feed, feed), eq(feedInbox.objectId, objectId), eq(feedInbox.outcome, 'applied')));
    return row?.asOf ?? null;
  }
}

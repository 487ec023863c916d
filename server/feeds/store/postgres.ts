import { and, count, desc, eq, isNotNull, isNull, lt } from 'drizzle-orm';
import type { PgDb } from '../../../db/pg.ts';
import { feedInbox } from '../../../db/schema.pg.ts';
import type { Delivery, FeedInboxStore, FeedName, InboxStatus } from './types.ts';

/** Deliveries in one INSERT at most: 7 parameters each, well under PostgreSQL's 65,535 a statement. */
const MAX_BATCH = 1000;

type Waiting = { delivery: Delivery; resolve: (stored: boolean) => void; reject: (err: unknown) => void };

/**
 * The inbox on PostgreSQL. Deliveries arriving together go in one INSERT ... ON CONFLICT (feed,
 * delivery_id) DO NOTHING, one commit at a time per instance (the next batch gathers meanwhile);
 * each is answered once its commit is on disk (synchronous_commit on, db/pg.ts). The unique index
 * decides what is new whichever instance a delivery reaches: of two copies arriving at once on
 * two instances, one inserts and the other waits for that commit and finds it there.
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
}

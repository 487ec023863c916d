import type Database from 'better-sqlite3';
import type { Db } from '../../db/connection.ts';
import { WalSync } from '../../db/wal-sync.ts';

/** The upstreams whose change feeds land in the inbox (Centra's events join Gigs' webhooks later). */
export type FeedName = 'gigs' | 'centra';

/** One accepted delivery, as the route hands it over (the body exactly as signed). */
export type Delivery = { feed: FeedName; deliveryId: string; eventType: string; eventTime: string | null; objectId: string | null; body: string };

/** A delivery waiting to be applied. */
export type PendingDelivery = Delivery & { seq: number; attempts: number };

/** What applying a delivery did: changed the index, was older than what it has, or is not for it. */
export type Outcome = 'applied' | 'stale' | 'ignored' | 'refused';

type Waiting = { delivery: Delivery; resolve: (stored: boolean) => void; reject: (err: unknown) => void };

/**
 * The durable inbox (table feed_inbox). Accepting groups the deliveries that arrive together into
 * one commit, and nobody is answered before that commit is on disk: the WAL is flushed on the
 * thread pool (db/wal-sync.ts), not inside the commit, so the server goes on answering searches
 * and taking more deliveries while the disk works, and the deliveries that arrive meanwhile share
 * the next flush. A burst costs one commit per turn of the event loop and one flush at a time. A
 * delivery id seen before is a no-op. Applying marks a delivery done in the same transaction as
 * the index write it made.
 */
export class FeedInbox {
  private waiting: Waiting[] = [];
  private flushQueued = false;
  private readonly s;
  /** Called after each commit that stored something new (the applier wakes up). */
  onStored: () => void = () => {};
  /** performance.now() of the last commit of new deliveries: tells the applier a burst is arriving. */
  lastStoredAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
    private readonly wal = new WalSync(db.$client),
  ) {
    const p = (sql: string): Database.Statement => db.$client.prepare(sql);
    this.s = {
      insert: p(`INSERT INTO feed_inbox (feed, delivery_id, event_type, event_time, object_id, received_at, body)
        VALUES (@feed, @deliveryId, @eventType, @eventTime, @objectId, @receivedAt, @body) ON CONFLICT (feed, delivery_id) DO NOTHING`),
      due: p(`SELECT seq, feed, delivery_id AS deliveryId, event_type AS eventType, event_time AS eventTime, object_id AS objectId, body, attempts
        FROM feed_inbox WHERE feed = ? AND applied_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY seq LIMIT ?`),
      nextRetry: p('SELECT min(next_attempt_at) AS at FROM feed_inbox WHERE feed = ? AND applied_at IS NULL'),
      done: p(
        'UPDATE feed_inbox SET applied_at = ?, outcome = ?, as_of = ?, attempts = attempts + 1, next_attempt_at = NULL, last_error = NULL WHERE seq = ? AND applied_at IS NULL',
      ),
      failed: p('UPDATE feed_inbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE seq = ?'),
      versionOf: p(`SELECT max(as_of) AS asOf FROM feed_inbox WHERE feed = ? AND object_id = ? AND outcome = 'applied'`),
      prune: p('DELETE FROM feed_inbox WHERE received_at < ? AND applied_at IS NOT NULL'),
    };
  }

  /**
   * Stores a delivery durably. Resolves true once it is on disk, false when this delivery id was
   * already there (a retry or a duplicate): either way the sender may be answered 2xx.
   */
  accept(delivery: Delivery): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ delivery, resolve, reject });
      if (this.flushQueued) return;
      this.flushQueued = true;
      setImmediate(() => this.flush());
    });
  }

  private flush() {
    const batch = this.waiting;
    this.waiting = [];
    this.flushQueued = false;
    const receivedAt = this.clock().toISOString();
    let results: boolean[];
    try {
      results = this.db.$client.transaction(() => batch.map((w) => this.s.insert.run({ ...w.delivery, receivedAt }).changes === 1)).immediate();
    } catch (err) {
      for (const w of batch) w.reject(err);
      return;
    }
    if (results.some(Boolean)) {
      this.lastStoredAt = performance.now();
      this.onStored();
    }
    // A duplicate is answered after the flush too: its first copy may not be on disk yet.
    this.wal.sync().then(
      () => batch.forEach((w, i) => w.resolve(results[i]!)),
      (err: unknown) => batch.forEach((w) => w.reject(err)),
    );
  }

  /** Waits for the flush under way (shutdown). */
  close(): Promise<void> {
    return this.wal.close();
  }

  /** Deliveries of one feed that are due, oldest first. */
  due(feed: FeedName, limit: number): PendingDelivery[] {
    return this.s.due.all(feed, this.clock().toISOString(), limit) as PendingDelivery[];
  }

  /** When the earliest delivery that failed may be tried again (null: none waits). */
  nextRetryAt(feed: FeedName): string | null {
    return (this.s.nextRetry.get(feed) as { at: string | null }).at;
  }

  /** Marks a delivery applied; call inside the transaction that made its change. */
  markDone(seq: number, outcome: Outcome, asOf: string | null) {
    this.s.done.run(this.clock().toISOString(), outcome, asOf, seq);
  }

  /** Leaves a delivery for later: the reason is kept for the status page. */
  markFailed(seq: number, retryAt: Date, reason: string) {
    this.s.failed.run(retryAt.toISOString(), reason.slice(0, 500), seq);
  }

  /** The upstream time of the newest state applied for this object (null: none applied yet). */
  versionOf(feed: FeedName, objectId: string): string | null {
    return (this.s.versionOf.get(feed, objectId) as { asOf: string | null }).asOf;
  }

  /**
   * Forgets applied deliveries received before `before`: past the upstream's retry window a
   * duplicate can no longer arrive. Unapplied ones stay whatever their age.
   */
  prune(before: Date): number {
    return this.s.prune.run(before.toISOString()).changes;
  }
}

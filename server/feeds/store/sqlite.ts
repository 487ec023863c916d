import type Database from 'better-sqlite3';
import type { Db } from '../../../db/connection.ts';
import { WalSync } from '../../../db/wal-sync.ts';
import type { AppliedDelivery, Delivery, FeedInboxStore, FeedName, InboxStatus, PendingDelivery } from './types.ts';

type Waiting = { delivery: Delivery; resolve: (stored: boolean) => void; reject: (err: unknown) => void };

/**
 * The durable inbox (table feed_inbox). Accepting groups the deliveries that arrive together into
 * one commit, and nobody is answered before that commit is on disk: the WAL is flushed on the
 * thread pool (db/wal-sync.ts), not inside the commit, so the server goes on answering searches
 * and taking more deliveries while the disk works, and the deliveries that arrive meanwhile share
 * the next flush. A burst costs one commit per turn of the event loop and one flush at a time. A
 * delivery id seen before is a no-op. The applier's methods are synchronous inside, each one
 * statement or one transaction, their promises settled when they return.
 */
export class SqliteFeedInbox implements FeedInboxStore {
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
      failed: p('UPDATE feed_inbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE seq = ? AND applied_at IS NULL'),
      versionOf: p(`SELECT max(as_of) AS asOf FROM feed_inbox WHERE feed = ? AND object_id = ? AND outcome = 'applied'`),
      prune: p('DELETE FROM feed_inbox WHERE received_at < ? AND applied_at IS NOT NULL'),
      received: p('SELECT received_at AS at, event_type AS type FROM feed_inbox WHERE feed = ? ORDER BY seq DESC LIMIT 1'),
      applied: p(
        'SELECT applied_at AS at, event_type AS type, outcome FROM feed_inbox WHERE feed = ? AND applied_at IS NOT NULL ORDER BY applied_at DESC LIMIT 1',
      ),
      backlog: p('SELECT count(*) AS n, count(next_attempt_at) AS retrying FROM feed_inbox WHERE feed = ? AND applied_at IS NULL'),
    };
  }

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

  close(): Promise<void> {
    return this.wal.close();
  }

  async due(feed: FeedName, limit: number): Promise<PendingDelivery[]> {
    return this.s.due.all(feed, this.clock().toISOString(), limit) as PendingDelivery[];
  }

  async nextRetryAt(feed: FeedName): Promise<string | null> {
    return (this.s.nextRetry.get(feed) as { at: string | null }).at;
  }

  async markDone(applied: AppliedDelivery[]): Promise<number> {
    const now = this.clock().toISOString();
    return this.db.$client.transaction(() => applied.reduce((n, a) => n + this.s.done.run(now, a.outcome, a.asOf, a.seq).changes, 0)).immediate();
  }

  async markFailed(seq: number, retryAt: Date, reason: string): Promise<void> {
    this.s.failed.run(retryAt.toISOString(), reason.slice(0, 500), seq);
  }

  async versionOf(feed: FeedName, objectId: string): Promise<string | null> {
    return (this.s.versionOf.get(feed, objectId) as { asOf: string | null }).asOf;
  }

  async prune(before: Date): Promise<number> {
    return this.s.prune.run(before.toISOString()).changes;
  }

  async status(feed: FeedName): Promise<InboxStatus> {
    const b = this.s.backlog.get(feed) as { n: number; retrying: number };
    return {
      lastReceived: (this.s.received.get(feed) as InboxStatus['lastReceived'] | undefined) ?? null,
      lastApplied: (this.s.applied.get(feed) as InboxStatus['lastApplied'] | undefined) ?? null,
      backlog: b.n,
      retrying: b.retrying,
    };
  }
}

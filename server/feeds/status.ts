import type { Db } from '../../db/connection.ts';
import type { Feeds } from './index.ts';
import type { FeedName } from './inbox.ts';

export type FeedStatus = {
  feed: FeedName;
  /** Deliveries are accepted (Gigs: GIGS_WEBHOOK_SECRET set, or the sandbox delivering to subdesk). */
  on: boolean;
  lastReceived: { at: string; type: string } | null;
  lastApplied: { at: string; type: string; outcome: string | null } | null;
  /** Stored, not applied yet (including those waiting to be tried again). */
  backlog: number;
  /** Of the backlog, deliveries that failed at least once. */
  retrying: number;
  /** Deliveries refused in the last hour (bad, missing or stale signature). */
  refusedLastHour: number;
  lastError: { at: string; message: string } | null;
};

/** The change feeds as the status page shows them (no personal data: types and times only). */
export function feedsStatus(db: Db, feeds: Feeds): FeedStatus[] {
  const s = db.$client;
  const received = s.prepare('SELECT received_at AS at, event_type AS type FROM feed_inbox WHERE feed = ? ORDER BY seq DESC LIMIT 1');
  const applied = s.prepare(
    'SELECT applied_at AS at, event_type AS type, outcome FROM feed_inbox WHERE feed = ? AND applied_at IS NOT NULL ORDER BY applied_at DESC LIMIT 1',
  );
  const backlog = s.prepare('SELECT count(*) AS n, count(next_attempt_at) AS retrying FROM feed_inbox WHERE feed = ? AND applied_at IS NULL');
  const status = (feed: FeedName, on: boolean): FeedStatus => {
    const b = backlog.get(feed) as { n: number; retrying: number };
    return {
      feed,
      on,
      lastReceived: (received.get(feed) as FeedStatus['lastReceived'] | undefined) ?? null,
      lastApplied: (applied.get(feed) as FeedStatus['lastApplied'] | undefined) ?? null,
      backlog: b.n,
      retrying: b.retrying,
      refusedLastHour: feeds.refusals.lastHour(feed),
      lastError: feeds.applier.lastError.get(feed) ?? null,
    };
  };
  return [status('gigs', feeds.gigs !== null)];
}

import { LRUCache } from 'lru-cache';
import type { Db } from '../../db/connection.ts';

/**
 * New and cancelled subscriptions per week over the last WEEKS weeks (Monday to Sunday, UTC; the
 * current week is partial):
 * - new: indexed_subscriptions.created_at, both systems;
 * - cancelled, Gigs: indexed_subscriptions.canceled_at (Gigs says when);
 * - cancelled, Centra: Centra does not say when a subscription was cancelled, so the count is the
 *   audit log's successful `centra.subscription.status` changes to cancelled (those made in subdesk).
 * Aggregates only. Counted from indexes alone (a few tens of ms at a million customers) and kept
 * until plan_stats is recomputed (a crawl finished) or for SERIES_TTL_MS, whichever comes first;
 * the answer says when it was counted.
 */
export const WEEKS = 13;
export const SERIES_TTL_MS = 60_000;

export type WeekCounts = {
  /** Monday, YYYY-MM-DD. */
  weekStart: string;
  partial: boolean;
  newGigs: number;
  newCentra: number;
  cancelledGigs: number;
  cancelledCentra: number;
};

export type WeeklySeries = { weeks: WeekCounts[]; countedAt: string; countsAsOf: string | null };

const DAY = 86_400_000;
const ymd = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Monday 00:00 UTC of the week holding `t`. */
export function mondayOf(t: number): number {
  const d = new Date(t);
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return midnight - ((d.getUTCDay() + 6) % 7) * DAY;
}

export function countWeekly(db: Db, now: Date, countsAsOf: string | null): WeeklySeries {
  const firstMonday = mondayOf(now.getTime()) - (WEEKS - 1) * DAY * 7;
  const sqlite = db.$client;
  // One range count per week and system, each answered from an index alone ((system, created_at),
  // and (system, canceled_at) over the cancelled rows only): no table row is read. Dates are ISO
  // (Gigs) or `Y-m-d H:i:s` (Centra); bare-date bounds sort the same way against both.
  const created = sqlite.prepare('SELECT count(*) AS n FROM indexed_subscriptions WHERE system = ? AND created_at >= ? AND created_at < ?');
  const gigsCancelled = sqlite.prepare(`SELECT count(*) AS n FROM indexed_subscriptions WHERE system = 'gigs' AND canceled_at >= ? AND canceled_at < ?`);
  const centraCancelled = sqlite.prepare(`SELECT count(*) AS n FROM audit_events
    WHERE action = 'centra.subscription.status' AND outcome = 'succeeded' AND time >= ? AND time < ?
      AND json_extract("after", '$.status') = 'cancelled'`);
  const n = (stmt: typeof created, ...args: string[]) => (stmt.get(...args) as { n: number }).n;
  // Anything dated after now (clock skew, scheduled) is left out of the current week.
  const tomorrow = ymd(Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`) + DAY);

  const weeks: WeekCounts[] = [];
  for (let i = 0; i < WEEKS; i++) {
    const start = firstMonday + i * 7 * DAY;
    const from = ymd(start);
    const to = i === WEEKS - 1 ? tomorrow : ymd(start + 7 * DAY);
    weeks.push({
      weekStart: from,
      partial: i === WEEKS - 1,
      newGigs: n(created, 'gigs', from, to),
      newCentra: n(created, 'centra', from, to),
      cancelledGigs: n(gigsCancelled, from, to),
      cancelledCentra: n(centraCancelled, `${from}T00:00:00.000Z`, i === WEEKS - 1 ? now.toISOString() : `${to}T00:00:00.000Z`),
    });
  }
  return { weeks, countedAt: now.toISOString(), countsAsOf };
}

/** The series of one app (server/services.ts), recounted when plan_stats changed or after SERIES_TTL_MS. */
export class WeeklyCounter {
  private readonly kept: LRUCache<string, WeeklySeries>;

  constructor(private readonly db: Db, private readonly clock: () => Date) {
    this.kept = new LRUCache({ max: 1, ttl: SERIES_TTL_MS, ttlResolution: 0, perf: { now: () => clock().getTime() } });
  }

  series(countsAsOf: string | null): WeeklySeries {
    const key = countsAsOf ?? '';
    const kept = this.kept.get(key);
    if (kept) return kept;
    const fresh = countWeekly(this.db, this.clock(), countsAsOf);
    this.kept.set(key, fresh);
    return fresh;
  }
}

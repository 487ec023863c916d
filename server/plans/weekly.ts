import type { Db } from '../../db/connection.ts';

/**
 * New and cancelled subscriptions per week over the last WEEKS weeks (Monday to Sunday, UTC; the
 * current week is partial):
 * - new: indexed_subscriptions.created_at, both systems;
 * - cancelled, Gigs: indexed_subscriptions.canceled_at (Gigs says when);
 * - cancelled, Centra: Centra does not say when a subscription was cancelled, so the count is the
 *   audit log's successful `centra.subscription.status` changes to cancelled (those made in subdesk).
 * Aggregates only. Counting means scanning the index (canceled_at has no index of its own), about
 * a second at a million customers, so the series is kept until plan_stats is recomputed (a crawl
 * finished) or for SERIES_TTL_MS, whichever comes first; the answer says when it was counted.
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

type DayRow = { day: string; n: number };

export function countWeekly(db: Db, now: Date, countsAsOf: string | null): WeeklySeries {
  const firstMonday = mondayOf(now.getTime()) - (WEEKS - 1) * DAY * 7;
  const from = ymd(firstMonday);
  // Upper bound: anything dated after now (clock skew, scheduled) is left out.
  const to = now.toISOString();
  const sqlite = db.$client;
  // Dates are ISO (Gigs) or `Y-m-d H:i:s` (Centra): the first 10 characters are the day either way,
  // and comparing with a bare date keeps both formats on the right side of the bound.
  const created = sqlite.prepare(`SELECT system, substr(created_at, 1, 10) AS day, count(*) AS n FROM indexed_subscriptions
    WHERE created_at >= ? AND substr(created_at, 1, 10) <= ? GROUP BY system, day`).all(from, to.slice(0, 10)) as (DayRow & { system: string })[];
  const gigsCancelled = sqlite.prepare(`SELECT substr(canceled_at, 1, 10) AS day, count(*) AS n FROM indexed_subscriptions
    WHERE system = 'gigs' AND canceled_at >= ? AND substr(canceled_at, 1, 10) <= ? GROUP BY day`).all(from, to.slice(0, 10)) as DayRow[];
  const centraCancelled = sqlite.prepare(`SELECT substr(time, 1, 10) AS day, count(*) AS n FROM audit_events
    WHERE action = 'centra.subscription.status' AND outcome = 'succeeded' AND time >= ? AND time <= ?
      AND json_extract("after", '$.status') = 'cancelled' GROUP BY day`).all(from, to) as DayRow[];

  const weeks: WeekCounts[] = [];
  for (let i = 0; i < WEEKS; i++) {
    const start = firstMonday + i * 7 * DAY;
    weeks.push({ weekStart: ymd(start), partial: i === WEEKS - 1, newGigs: 0, newCentra: 0, cancelledGigs: 0, cancelledCentra: 0 });
  }
  const weekOf = (day: string) => {
    const t = Date.parse(`${day}T00:00:00Z`);
    if (Number.isNaN(t)) return undefined;
    return weeks[Math.floor((mondayOf(t) - firstMonday) / (7 * DAY))];
  };
  for (const r of created) {
    const w = weekOf(r.day);
    if (w) w[r.system === 'gigs' ? 'newGigs' : 'newCentra'] += r.n;
  }
  for (const r of gigsCancelled) {
    const w = weekOf(r.day);
    if (w) w.cancelledGigs += r.n;
  }
  for (const r of centraCancelled) {
    const w = weekOf(r.day);
    if (w) w.cancelledCentra += r.n;
  }
  return { weeks, countedAt: now.toISOString(), countsAsOf };
}

const memo = new WeakMap<Db, WeeklySeries>();

/** The series, recounted when plan_stats changed or after SERIES_TTL_MS. */
export function weeklySeries(db: Db, now: Date, countsAsOf: string | null): WeeklySeries {
  const last = memo.get(db);
  if (last && last.countsAsOf === countsAsOf && now.getTime() - Date.parse(last.countedAt) < SERIES_TTL_MS && now.getTime() >= Date.parse(last.countedAt)) return last;
  const fresh = countWeekly(db, now, countsAsOf);
  memo.set(db, fresh);
  return fresh;
}

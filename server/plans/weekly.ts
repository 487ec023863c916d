import { LRUCache } from 'lru-cache';
import type { PlanStatsReader } from './counts.ts';

/**
 * New and cancelled subscriptions per week over the last WEEKS weeks (Monday to Sunday, UTC; the
 * current week is partial):
 * - new: indexed_subscriptions.created_at, both systems;
 * - cancelled, Gigs: indexed_subscriptions.canceled_at (Gigs says when);
 * - cancelled, Centra: Centra does not say when a subscription was cancelled, so the count is the
 *   audit log's successful `centra.subscription.status` changes to cancelled (those made in
 *   subdesk), counted by the audit module (audit/stats.ts).
 * Aggregates only. Counted from indexes alone (the customer index's store; a few tens of ms at a
 * million customers) and kept until plan_stats is recomputed (a crawl finished) or for
 * SERIES_TTL_MS, whichever comes first; the answer says when it was counted.
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

export async function countWeekly(
  stats: PlanStatsReader,
  centraCancelled: (fromIso: string, toIso: string) => Promise<number>,
  now: Date,
  countsAsOf: string | null,
): Promise<WeeklySeries> {
  const firstMonday = mondayOf(now.getTime()) - (WEEKS - 1) * DAY * 7;
  // Anything dated after now (clock skew, scheduled) is left out of the current week.
  const tomorrow = ymd(Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`) + DAY);

  // Every week's counts asked at once: one wait for all of them, not one per count.
  const weeks: WeekCounts[] = await Promise.all(
    Array.from({ length: WEEKS }, async (_, i) => {
      const start = firstMonday + i * 7 * DAY;
      const from = ymd(start);
      const to = i === WEEKS - 1 ? tomorrow : ymd(start + 7 * DAY);
      const [newGigs, newCentra, cancelledGigs, cancelledCentra] = await Promise.all([
        stats.created('gigs', from, to),
        stats.created('centra', from, to),
        stats.gigsCancelled(from, to),
        centraCancelled(`${from}T00:00:00.000Z`, i === WEEKS - 1 ? now.toISOString() : `${to}T00:00:00.000Z`),
      ]);
      return { weekStart: from, partial: i === WEEKS - 1, newGigs, newCentra, cancelledGigs, cancelledCentra };
    }),
  );
  return { weeks, countedAt: now.toISOString(), countsAsOf };
}

/** The series of one app (server/services.ts), recounted when plan_stats changed or after SERIES_TTL_MS. */
export class WeeklyCounter {
  private readonly kept: LRUCache<string, WeeklySeries>;

  constructor(
    private readonly stats: PlanStatsReader,
    private readonly centraCancelled: (fromIso: string, toIso: string) => Promise<number>,
    private readonly clock: () => Date,
  ) {
    this.kept = new LRUCache({ max: 1, ttl: SERIES_TTL_MS, ttlResolution: 0, perf: { now: () => clock().getTime() } });
  }

  async series(countsAsOf: string | null): Promise<WeeklySeries> {
    const key = countsAsOf ?? '';
    const kept = this.kept.get(key);
    if (kept) return kept;
    const fresh = await countWeekly(this.stats, this.centraCancelled, this.clock(), countsAsOf);
    this.kept.set(key, fresh);
    return fresh;
  }
}

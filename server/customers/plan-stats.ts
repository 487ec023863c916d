import type { Db } from '../../db/connection.ts';

/**
 * plan_stats: subscriptions per (system, plan, status) with the average discount, recomputed from
 * indexed_subscriptions in one transaction so a reader never sees half a recount. Subscriptions
 * whose Centra plan is gone (plan_id null) belong to no plan and are not counted here.
 */
export function recomputePlanStats(db: Db, clock: () => Date = () => new Date()): { groups: number; computedAt: string } {
  const s = db.$client;
  const computedAt = clock().toISOString();
  const groups = s.transaction(() => {
    s.prepare('DELETE FROM plan_stats').run();
    return s.prepare(`INSERT INTO plan_stats (system, plan_id, status, subscriptions, average_discount, computed_at)
      SELECT system, plan_id, status, count(*), avg(discount), ? FROM indexed_subscriptions
      WHERE plan_id IS NOT NULL GROUP BY system, plan_id, status`).run(computedAt).changes;
  }).immediate();
  return { groups, computedAt };
}

/** When plan_stats was last recomputed (null: never). */
export function planStatsFreshness(db: Db): string | null {
  const r = db.$client.prepare('SELECT max(computed_at) AS at FROM plan_stats').get() as { at: string | null };
  return r.at ?? null;
}

export const PLAN_STATS_DEBOUNCE_MS = 60_000;

const pending = new WeakMap<Db, { timer: NodeJS.Timeout | null; lastAt: number }>();

/**
 * After a refresh: recompute at most once a minute, later and off the request (a recount reads
 * every indexed subscription). A crawl recomputes at its end anyway.
 */
export function schedulePlanStats(db: Db, clock: () => Date, onError?: (err: unknown) => void) {
  let state = pending.get(db);
  if (!state) pending.set(db, (state = { timer: null, lastAt: 0 }));
  if (state.timer) return;
  const wait = Math.max(1_000, state.lastAt + PLAN_STATS_DEBOUNCE_MS - clock().getTime());
  const s = state;
  s.timer = setTimeout(() => {
    s.timer = null;
    if (!db.$client.open) return;
    try {
      recomputePlanStats(db, clock);
      s.lastAt = clock().getTime();
    } catch (err) {
      onError?.(err);
    }
  }, wait);
  s.timer.unref();
}

/** A crawl just recomputed: the debounce counts from now. */
export function notePlanStatsComputed(db: Db, at: number) {
  const state = pending.get(db);
  if (state) state.lastAt = at;
  else pending.set(db, { timer: null, lastAt: at });
}

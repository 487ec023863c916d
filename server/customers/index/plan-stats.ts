import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/connection.ts';
import type { PgDb } from '../../../db/pg.ts';

/**
 * plan_stats: subscriptions per (system, plan, status) with the average discount, recomputed from
 * indexed_subscriptions in one transaction so a reader never sees half a recount. Subscriptions
 * whose Centra plan is gone (plan_id null) belong to no plan and are not counted here.
 */
export function recomputePlanStats(db: Db, clock: () => Date = () => new Date()): { groups: number; computedAt: string } {
  const s = db.$client;
  const computedAt = clock().toISOString();
  const groups = s
    .transaction(() => {
      s.prepare('DELETE FROM plan_stats').run();
      return s
        .prepare(`INSERT INTO plan_stats (system, plan_id, status, subscriptions, average_discount, computed_at)
      SELECT system, plan_id, status, count(*), avg(discount), ? FROM indexed_subscriptions
      WHERE plan_id IS NOT NULL GROUP BY system, plan_id, status`)
        .run(computedAt).changes;
    })
    .immediate();
  return { groups, computedAt };
}

/** The same recount on PostgreSQL (one transaction: readers see the old counts until it commits). Returns when it was computed. */
export async function recountPlanStatsOnPostgres(db: PgDb, clock: () => Date): Promise<string> {
  const computedAt = clock().toISOString();
  await db.transaction(async (tx) => {
    await tx.execute(sql`DELETE FROM plan_stats`);
    await tx.execute(sql`INSERT INTO plan_stats (system, plan_id, status, subscriptions, average_discount, computed_at)
      SELECT system, plan_id, status, count(*), avg(discount), ${computedAt} FROM indexed_subscriptions
      WHERE plan_id IS NOT NULL GROUP BY system, plan_id, status`);
  });
  return computedAt;
}

/** When plan_stats was last recomputed (null: never). */
export function planStatsFreshness(db: Db): string | null {
  const r = db.$client.prepare('SELECT max(computed_at) AS at FROM plan_stats').get() as { at: string | null };
  return r.at ?? null;
}

export const PLAN_STATS_DEBOUNCE_MS = 60_000;

/**
 * After a refresh: recompute at most once a minute, later and off the request (a recount reads
 * every indexed subscription). A crawl recomputes at its end anyway. One per customer store.
 */
export class PlanStatsSchedule {
  private timer: NodeJS.Timeout | null = null;
  private lastAt = 0;

  /** `recount`: the engine's recount (recomputePlanStats, recountPlanStatsOnPostgres). */
  constructor(
    private readonly recount: () => unknown,
    private readonly clock: () => Date,
    private readonly onError?: (err: unknown) => void,
  ) {}

  soon() {
    if (this.timer) return;
    const wait = Math.max(1_000, this.lastAt + PLAN_STATS_DEBOUNCE_MS - this.clock().getTime());
    this.timer = setTimeout(async () => {
      this.timer = null;
      // The debounce counts from the recount's start.
      this.lastAt = this.clock().getTime();
      try {
        await this.recount();
      } catch (err) {
        this.onError?.(err);
      }
    }, wait);
    this.timer.unref();
  }

  /** A crawl just recomputed: the debounce counts from now. */
  computed(at: number) {
    this.lastAt = at;
  }
}

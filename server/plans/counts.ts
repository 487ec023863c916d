import { LRUCache } from 'lru-cache';
import type { CustomerIndexStore } from '../customers/store/index.ts';

/**
 * Subscription counts per plan, read from plan_stats: the aggregates the customer index builder
 * recomputes after each crawl. A page view reads a few dozen rows here and never touches the
 * customers or the per-subscription table, so it costs the same at a million customers.
 */
export type GigsCounts = { pending: number; active: number; ended: number; other: number; total: number };
export type CentraCounts = { active: number; paused: number; cancelled: number; other: number; total: number; averageDiscount: number | null };

export type PlanCounts = {
  /** When plan_stats was last recomputed (the newest computed_at), null before the first crawl. */
  asOf: string | null;
  gigs: Map<string, GigsCounts>;
  centra: Map<string, CentraCounts>;
  /**
   * Centra subscriptions whose plan is gone from Centra (plan_id null; plan_stats leaves them out).
   * Counted from the index's (system, plan_id, status) B-tree alone: no table rows, no discount.
   */
  centraNoPlan: CentraCounts;
};

export const emptyGigsCounts = (): GigsCounts => ({ pending: 0, active: 0, ended: 0, other: 0, total: 0 });
export const emptyCentraCounts = (): CentraCounts => ({ active: 0, paused: 0, cancelled: 0, other: 0, total: 0, averageDiscount: null });

/** Gigs' `initiated` (Billing API) is a subscription not yet active: counted with pending. */
function gigsBucket(status: string): keyof Omit<GigsCounts, 'total'> {
  if (status === 'pending' || status === 'initiated') return 'pending';
  if (status === 'active' || status === 'ended') return status;
  return 'other';
}

function centraBucket(status: string): keyof Omit<CentraCounts, 'total' | 'averageDiscount'> {
  const s = status.toLowerCase();
  return s === 'active' || s === 'paused' || s === 'cancelled' ? s : 'other';
}

const NO_PLAN_TTL_MS = 60_000;

/** What the plans pages read of the customer index: plan_stats, the plan-less, and counts by date. */
export type PlanStatsReader = Pick<CustomerIndexStore, 'planStats' | 'planStatsAsOf' | 'planlessCentra' | 'created' | 'gigsCancelled'>;

/** Reads plan_stats for the plans pages; built once per app (server/services.ts). */
export class PlanCounter {
  /**
   * Counting the plan-less rows walks their part of the index (tens of thousands of entries at a
   * million customers): kept until plan_stats is recomputed or for a minute, like the weekly series.
   */
  private readonly noPlan: LRUCache<string, CentraCounts>;

  constructor(
    private readonly stats: PlanStatsReader,
    clock: () => Date,
  ) {
    this.noPlan = new LRUCache({ max: 1, ttl: NO_PLAN_TTL_MS, ttlResolution: 0, perf: { now: () => clock().getTime() } });
  }

  /** When plan_stats was last recomputed (null: never). */
  asOf(): Promise<string | null> {
    return this.stats.planStatsAsOf();
  }

  async read(): Promise<PlanCounts> {
    const [rows, asOf] = await Promise.all([this.stats.planStats(), this.asOf()]);
    const gigs = new Map<string, GigsCounts>();
    const centra = new Map<string, CentraCounts>();
    // Discount sums per plan, to average over every subscription of the plan whatever its status.
    const discountSums = new Map<string, { sum: number; n: number }>();
    for (const r of rows) {
      if (r.system === 'gigs') {
        const c = gigs.get(r.planId) ?? emptyGigsCounts();
        c[gigsBucket(r.status)] += r.subscriptions;
        c.total += r.subscriptions;
        gigs.set(r.planId, c);
      } else if (r.system === 'centra') {
        const c = centra.get(r.planId) ?? emptyCentraCounts();
        c[centraBucket(r.status)] += r.subscriptions;
        c.total += r.subscriptions;
        centra.set(r.planId, c);
        if (r.averageDiscount !== null) {
          const d = discountSums.get(r.planId) ?? { sum: 0, n: 0 };
          d.sum += r.averageDiscount * r.subscriptions;
          d.n += r.subscriptions;
          discountSums.set(r.planId, d);
        }
      }
    }
    for (const [planId, d] of discountSums) {
      const c = centra.get(planId)!;
      c.averageDiscount = d.n ? Math.round((d.sum / d.n) * 100) / 100 : null;
    }
    return { asOf, gigs, centra, centraNoPlan: await this.noPlanCounts(asOf) };
  }

  private async noPlanCounts(asOf: string | null): Promise<CentraCounts> {
    const key = asOf ?? '';
    const kept = this.noPlan.get(key);
    if (kept) return kept;
    const counts = emptyCentraCounts();
    for (const r of await this.stats.planlessCentra()) {
      counts[centraBucket(r.status)] += r.n;
      counts.total += r.n;
    }
    this.noPlan.set(key, counts);
    return counts;
  }
}

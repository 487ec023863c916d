import type { GigsPlanRow } from './gigs-plans.ts';
import type { CentraPlanRow } from './centra.ts';

/** Subscriptions per plan by status, the stacked-bar chart's data: plans with no subscriptions are left out. */
export type StatusChart = {
  countsAsOf: string | null;
  gigs: { planId: string; name: string; pending: number; active: number; ended: number; other: number; total: number }[];
  centra: { planId: string; name: string; active: number; paused: number; cancelled: number; other: number; total: number }[];
};

export function statusChart(gigs: GigsPlanRow[], centra: CentraPlanRow[], countsAsOf: string | null): StatusChart {
  return {
    countsAsOf,
    gigs: gigs
      .filter((r) => r.subscriptions.total > 0)
      .map((r) => ({ planId: r.id, name: r.name, ...r.subscriptions }))
      .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name)),
    centra: centra
      .filter((r) => r.subscriptions.total > 0)
      .map((r) => {
        const { averageDiscount: _unused, ...counts } = r.subscriptions;
        return { planId: r.id, name: r.name, ...counts };
      })
      .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name)),
  };
}

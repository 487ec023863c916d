/**
 * The merchandisers' plans area: both catalogues (cached upstream reads) joined with subscription
 * counts from the customer index (plan_stats), the product × plan matrix, the charts' series and
 * CSV exports. Aggregates only: nothing here reads or returns a customer.
 */
import type { BaseDeps, Deps } from '../deps.ts';
import { gigsPlansList } from './gigs-plans.ts';
import { gigsAddonsList } from './gigs-addons.ts';
import { centraPlansList, centraProductsList } from './centra.ts';
import { statusChart } from './status-chart.ts';
import { WeeklyCounter } from './weekly.ts';
import { PlanCounter, type PlanStatsReader } from './counts.ts';
import { CATALOGUE_TTL_MS, Catalogue } from './catalogue-cache.ts';
import type { AnyPlansList } from './list.ts';
import type { AuditStore } from '../audit/store/index.ts';

export { toCsv } from './csv.ts';
export { sortById, sortRows } from './list.ts';
export type { AnyPlansList } from './list.ts';

/** The plans area's cached reads of one app, built once in server/services.ts. */
export type PlansService = { catalogue: Catalogue; counts: PlanCounter; weekly: WeeklyCounter };

/** `stats`: the customer index's store (built once by the customers service); `audit`: the audit log's reading side. */
export function createPlansService(deps: Pick<BaseDeps, 'gigs' | 'centra' | 'clock'>, stats: PlanStatsReader, audit: AuditStore): PlansService {
  return {
    catalogue: new Catalogue(deps),
    counts: new PlanCounter(stats, deps.clock),
    weekly: new WeeklyCounter(stats, (fromIso, toIso) => audit.centraCancellations(fromIso, toIso), deps.clock),
  };
}

/** Every list of the area, by its URL segment under /api/plans/. */
export const PLANS_LISTS: Record<string, AnyPlansList> = {
  [gigsPlansList.name]: gigsPlansList as AnyPlansList,
  [gigsAddonsList.name]: gigsAddonsList as AnyPlansList,
  [centraPlansList.name]: centraPlansList as AnyPlansList,
  [centraProductsList.name]: centraProductsList as AnyPlansList,
};

export async function statusChartOf(deps: Deps) {
  const [gigs, centra] = await Promise.all([gigsPlansList.rows(deps), centraPlansList.rows(deps)]);
  return statusChart(gigs.rows, centra.rows, gigs.countsAsOf ?? centra.countsAsOf);
}

export async function weeklyChartOf(deps: Deps) {
  return deps.plans.weekly.series(await deps.plans.counts.asOf());
}

/** How fresh the page's numbers are: counts from the index, catalogue from the upstreams (cached). */
export async function freshnessOf(deps: Deps) {
  return { countsAsOf: await deps.plans.counts.asOf(), catalogueCacheSeconds: CATALOGUE_TTL_MS / 1000 };
}

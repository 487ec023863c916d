/**
 * What /api/plans/* answers: the server's own row types (server/plans/*), imported as types only
 * (nothing of the server reaches the bundle), so the page and the API cannot drift apart.
 */
export type { GigsPlanRow } from '../../server/plans/gigs-plans.ts';
export type { GigsAddonRow } from '../../server/plans/gigs-addons.ts';
export type { CentraPlanRow, CentraProductRow } from '../../server/plans/centra.ts';
export type { StatusChart as StatusChartData } from '../../server/plans/status-chart.ts';
export type { WeeklySeries as WeeklyData } from '../../server/plans/weekly.ts';

/** The tabs, by URL segment; each list's segment is also its API path under /api/plans/. */
export const TABS = [
  { key: 'gigs', label: 'Gigs plans' },
  { key: 'gigs-addons', label: 'Gigs add-ons' },
  { key: 'centra', label: 'Centra products & plans' },
  { key: 'charts', label: 'Charts' },
] as const;
export type TabKey = (typeof TABS)[number]['key'];

/**
 * What /api/plans/* answers: the server's own row types (server/plans/*), imported as types only
 * (nothing of the server reaches the bundle), so the page and the API cannot drift apart.
 */
export type { GigsPlanRow } from '../../server/plans/gigs-plans.ts';
export type { GigsAddonRow } from '../../server/plans/gigs-addons.ts';
export type { CentraPlanRow, CentraProductRow } from '../../server/plans/centra.ts';
export type { StatusChart as StatusChartData } from '../../server/plans/status-chart.ts';
export type { WeeklySeries as WeeklyData } from '../../server/plans/weekly.ts';

/** The tabs, by URL segment (their names are the messages' `plans.tabs.*`); each list's segment is also its API path under /api/plans/. */
export const TABS = ['gigs', 'gigs-addons', 'centra', 'charts'] as const;
export type TabKey = (typeof TABS)[number];

/** The lists that export CSV, by their API name (`plans.lists.*` names them). */
export type ListKey = 'gigs' | 'gigs-addons' | 'centra' | 'centra-products';

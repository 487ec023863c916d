/** The customers domain: the index (store, search), the crawler, and refreshing one person. */
export type { CustomersService } from './service.ts';
export { refreshCustomer, type RefreshResult } from './live/refresh.ts';
export { recomputePlanStats, planStatsFreshness } from './index/plan-stats.ts';

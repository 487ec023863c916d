/** The customers domain: the index (store, search), the crawler, and refreshing one person. */
export type { CustomersService } from './service.ts';
export { refreshCustomer, type RefreshResult } from './refresh.ts';
export { recomputePlanStats, planStatsFreshness } from './plan-stats.ts';

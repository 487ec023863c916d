import type { IndexCounts } from './types.ts';

/** The counting query's columns as IndexCounts: both engines' queries name them alike. */
export function indexCounts(r: Record<string, number | string | null>): IndexCounts {
  const n = (k: string) => Number(r[k] ?? 0);
  return {
    customers: n('customers'),
    gigs: { customers: n('gigsCustomers'), subscriptions: n('gigsSubs'), live: n('gigsLive') },
    centra: { customers: n('centraCustomers'), contracts: n('contracts'), subscriptions: n('centraSubs'), live: n('centraLive') },
  };
}

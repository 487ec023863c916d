import type { customers, planStats } from '../../../db/schema.ts';
import type { CustomerIndexRow, SearchArgs, SearchPage } from '../search/search.ts';

/** A person's row as the lookups read it: who they are and both systems' facts (JSON text). */
export type FactsRow = Pick<typeof customers.$inferSelect, 'id' | 'emailKey' | 'email' | 'name' | 'gigs' | 'centra'>;

/** One plan_stats row: subscriptions of one plan in one status, with their average discount. */
export type PlanStatRow = Pick<typeof planStats.$inferSelect, 'system' | 'planId' | 'status' | 'subscriptions' | 'averageDiscount'>;

/** Counts per upstream over the built rows (no personal data). */
export type IndexCounts = {
  customers: number;
  gigs: { customers: number; subscriptions: number; live: number };
  centra: { customers: number; contracts: number; subscriptions: number; live: number };
};

/**
 * The customer index as staff read it: search, one person's row, the lookups other domains ask,
 * the status page's counts, and what the plans pages count. Each method is one storage job and
 * one promise; what the answers mean (which e-mail a system knows, who owns a contract) is decided
 * by the domain (index/lookup.ts, index/status.ts, server/plans/). Built by ./index.ts.
 */
export interface CustomerIndexStore {
  /** A search (filter.q) or the filtered list, ranked and paged (search/search.ts says how). */
  list(args: SearchArgs): Promise<SearchPage>;
  /** One customer's index row (the header of the customer page), or null. */
  byId(customerId: string): Promise<CustomerIndexRow | null>;
  /** The person with this subdesk id, with their facts. */
  factsById(customerId: string): Promise<FactsRow | null>;
  /** The people (at most 20) holding `key` among their exact keys (ids, e-mails, phone digits). */
  factsByKey(key: string): Promise<FactsRow[]>;
  /** The subdesk id of the person this Gigs user is indexed as. */
  customerIdForGigsUser(userId: string): Promise<string | null>;
  /** Counts over the built rows: reads every row's facts (about half a second at a million). */
  counts(): Promise<IndexCounts>;
  /**
   * Recounts plan_stats from indexed_subscriptions at once, stamped `computedAt`: a reader sees the
   * old counts or the new ones, never half; two recounts at once take turns. Returns the groups.
   */
  recomputePlanStats(computedAt: string): Promise<number>;
  /** plan_stats as last recomputed. */
  planStats(): Promise<PlanStatRow[]>;
  /** When plan_stats was last recomputed (null: never). */
  planStatsAsOf(): Promise<string | null>;
  /** Centra subscriptions with no plan (plan_stats leaves them out), by status. */
  planlessCentra(): Promise<{ status: string; n: number }[]>;
  /** Subscriptions of one system created in [from, to) (ISO dates, or Centra's `Y-m-d H:i:s`). */
  created(system: 'gigs' | 'centra', from: string, to: string): Promise<number>;
  /** Gigs subscriptions cancelled in [from, to) (Centra does not say when). */
  gigsCancelled(from: string, to: string): Promise<number>;
}

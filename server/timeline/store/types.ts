import type { StoredRow } from '../../audit/query.ts';
import type { LightEntry } from '../lines.ts';

/**
 * A customer's audit entries as the support timeline reads them (server/timeline/query.ts groups
 * and pages them). Read only: the audit log writes them. Built by ./index.ts.
 */
export interface TimelineStore {
  /** Every entry about this customer, newest first, with the cheap columns grouping needs (audit_customer_idx). */
  lightEntries(customerId: string): Promise<LightEntry[]>;
  /** These entries whole, in no particular order. */
  entries(seqs: number[]): Promise<StoredRow[]>;
}

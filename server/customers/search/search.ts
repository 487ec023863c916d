import { digitsOf } from '../normalise.ts';
import type { SystemName } from '../types.ts';

/**
 * The customer search's vocabulary, whatever engine answers it (server/customers/store/: the
 * SQLite search in sqlite-search.ts, the PostgreSQL one in server/storage/pg/search.ts).
 */

export type CustomerFilter = {
  q?: string;
  /** Known to Gigs, known to Centra, or known to both. */
  system?: 'gigs' | 'centra' | 'both';
  /** At least one live subscription in either system (true), or none (false). */
  hasActive?: boolean;
  /** ISO 3166 alpha-2, matched against every country the person has in Centra. */
  country?: string;
  /** getMany: these customer ids. */
  id?: string | string[];
};

export type CustomerSort = { field: 'id' | 'name' | 'email'; order: 'ASC' | 'DESC' };

/** One search: the filter (with its query), the order and the page. */
/** The customers columns a list row is read from, and the column each sort orders by: the same on both engines. */
export const LIST_COLUMNS =
  'seq, id, name, email, emails, phones, countries, in_gigs, in_centra, gigs_user_id, centra_customer_id, gigs_live, centra_live, updated_at';
export const SORT_COLUMN: Record<CustomerSort['field'], string> = { id: 'id', name: 'name_sort', email: 'email_key' };

export type SearchArgs = { filter: CustomerFilter; sort: CustomerSort; start: number; limit: number };

export type CustomerListRow = {
  id: string;
  name: string | null;
  email: string | null;
  emails: string[];
  phones: string[];
  countries: string[];
  systems: SystemName[];
  gigsUserId: string | null;
  centraCustomerId: string | null;
  gigsLive: number;
  centraLive: number;
  updatedAt: string;
  /** True when the query was this customer's exact e-mail, id or phone number. */
  exact: boolean;
  /**
   * Which exact key the query was, when `exact`. An e-mail or an id names one person; a phone
   * number may be shared (a family line) and is typed digit by digit, so only the first two may
   * open the customer by themselves.
   */
  exactKind: ExactKind | null;
};

/** One page of a search, its total counted up to SEARCH_CAP. */
export type SearchPage = { rows: CustomerListRow[]; total: number; capped: boolean };

/** One customer's index row as the customer page's header needs it, with both systems' facts (JSON). */
export type CustomerIndexRow = CustomerListRow & { gigs: string | null; centra: string | null; emailKey: string };

export type ExactKind = 'email' | 'id' | 'phone';

/**
 * Search never counts past this. Counting every match of "ann" among a million people costs more
 * than the search itself and helps no one; the list says "1000" (and X-Total-Capped) and the agent
 * types more. The page is taken from the first CAP+1 matches, ranked exact keys first.
 */
export const SEARCH_CAP = 1000;

/** The kind of exact key `key` is for a row with these phones (the keys themselves carry no kind: index/derive.ts). */
export function exactKindOf(key: string, phones: string[]): ExactKind {
  if (key.includes('@')) return 'email';
  return phones.some((p) => digitsOf(p) === key) ? 'phone' : 'id';
}

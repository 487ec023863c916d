import { isDeepStrictEqual } from 'node:util';
import type { CustomerListRow } from '../../server/customers/search/search.ts';
import type { PgCustomerListRow } from '../../server/storage/pg/search.ts';

type Row = Omit<CustomerListRow, 'exactKind'> | PgCustomerListRow;
type Page = { rows: Row[]; total: number; capped: boolean };

/** A row as the list shows it. */
export const comparableRow = (r: Row) => ({
  id: r.id,
  name: r.name,
  email: r.email,
  emails: r.emails,
  phones: r.phones,
  countries: r.countries,
  systems: r.systems,
  gigsLive: r.gigsLive,
  centraLive: r.centraLive,
  gigsUserId: r.gigsUserId,
  centraCustomerId: r.centraCustomerId,
  updatedAt: r.updatedAt,
});

/**
 * What must be equal between SQLite's and PostgreSQL's answers to the same search: the total,
 * the exact hits (several, a shared phone number, come in no defined order on either engine),
 * and the other rows in order, as the list shows them. test/search.pg.test.ts and
 * bench/search-pg.ts judge by it.
 */
export function comparable(page: Page) {
  return {
    total: page.total,
    capped: page.capped,
    exactIds: page.rows
      .filter((r) => r.exact)
      .map((r) => r.id)
      .sort(),
    others: page.rows.filter((r) => !r.exact).map(comparableRow),
  };
}

/** The first part of PostgreSQL's answer that is not SQLite's, or null when they are the same. */
export function searchDifference(sqlite: Page, postgres: Page): string | null {
  const [want, got] = [comparable(sqlite), comparable(postgres)];
  for (const part of ['total', 'capped', 'exactIds'] as const)
    if (!isDeepStrictEqual(want[part], got[part])) return `${part} ${JSON.stringify(got[part])} on PostgreSQL, ${JSON.stringify(want[part])} on SQLite`;
  const row = Array.from({ length: Math.max(want.others.length, got.others.length) }, (_, i) => i).find(
    (i) => !isDeepStrictEqual(want.others[i], got.others[i]),
  );
  if (row === undefined) return null;
  return `row ${row + 1} after the exact hits: ${JSON.stringify(got.others[row] ?? null)} on PostgreSQL, ${JSON.stringify(want.others[row] ?? null)} on SQLite`;
}

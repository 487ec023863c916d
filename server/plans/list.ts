import type { z, ZodType } from 'zod';
import type { Deps } from '../deps.ts';

/**
 * One list of the plans area, described once and served three ways: the simple-rest list
 * (filter, sort, range), one record by id (the deep link), and the CSV export of the same filter
 * and sort. Rows are built in memory from the cached catalogue and plan_stats: a few hundred rows
 * at most whatever the number of customers.
 */
export type SortOrder = 'ASC' | 'DESC';
export type SortValue = string | number | null;

export type CsvColumn<R> = { header: string; value: (row: R) => unknown };

export type PlansList<R extends { id: string }, F extends ZodType, S extends readonly [string, ...string[]]> = {
  /** The URL segment under /api/plans/ and the Content-Range resource name. */
  name: string;
  /** What a CSV file of it is called. */
  title: string;
  filter: F;
  sortable: S;
  defaultSort: [S[number], SortOrder];
  /** An id this list can hold (checked before any work). */
  idPattern: RegExp;
  rows(deps: Deps): Promise<{ rows: R[]; countsAsOf: string | null; catalogueAsOf: string }>;
  matches(row: R, filter: z.infer<F>): boolean;
  sortValue(row: R, field: S[number]): SortValue;
  /** The CSV columns, fixed or (for the matrix) depending on the rows exported. */
  csv: CsvColumn<R>[] | ((rows: R[]) => CsvColumn<R>[]);
};

// A list's spec as the route layer sees it: any row type, any filter.
// biome-ignore lint/suspicious/noExplicitAny: the route layer takes lists of every row type
export type AnyPlansList = PlansList<any, ZodType, readonly [string, ...string[]]>;

/** Numbers numerically, text by locale (case-insensitive), empty values last either way; ties by id. */
export function sortRows<R extends { id: string }>(rows: R[], value: (row: R) => SortValue, order: SortOrder): R[] {
  const dir = order === 'ASC' ? 1 : -1;
  const keyed = rows.map((row) => ({ row, v: value(row) }));
  keyed.sort((a, b) => {
    const an = a.v === null || a.v === '';
    const bn = b.v === null || b.v === '';
    if (an !== bn) return an ? 1 : -1;
    let d = 0;
    if (!an)
      d = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : String(a.v).localeCompare(String(b.v), 'en', { sensitivity: 'base', numeric: true });
    return d * dir || a.row.id.localeCompare(b.row.id, 'en', { numeric: true });
  });
  return keyed.map((k) => k.row);
}

/** In id order as a database would sort the ids (code units), Centra's numeric ids as numbers. */
export function sortById<R extends { id: string }>(rows: R[], order: SortOrder): R[] {
  const numeric = rows.every((r) => /^\d+$/.test(r.id));
  const dir = order === 'ASC' ? 1 : -1;
  return [...rows].sort((a, b) => dir * (numeric ? Number(a.id) - Number(b.id) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export const asList = <T>(v: T | T[] | undefined): T[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

/** A free-text search over a few fields, every word must appear somewhere (case- and accent-insensitive). */
export function matchesText(needle: string | undefined, ...haystack: (string | null | undefined)[]): boolean {
  if (!needle?.trim()) return true;
  const fold = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
  const text = fold(haystack.filter(Boolean).join(' '));
  return fold(needle)
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => text.includes(w));
}

import type { AuditWindows, AuditWindowSpan } from './windows.ts';
import type { AuditInput, RequestOrigin } from './log.ts';

/**
 * `customer.search`: someone read a page of customers (names, e-mails, phones, ids) from the
 * list or the search box. Typing in the box asks once per pause, so a member's searches are
 * folded into one entry per window (AuditWindows.fold): what they searched for (query and
 * filters, in order), the ranges and how many rows each answered; never the rows.
 *
 * Unusual volume makes the entry `customer.search.bulk`, which auditors filter on: a page far
 * past the first ones, or many pages or rows in one window. The SPA asks 25 rows a page.
 */
export const SEARCH_ACTION = 'customer.search';
export const SEARCH_BULK_ACTION = 'customer.search.bulk';
/** A page starting at this row or later (past the tenth page of 25). */
export const SEARCH_BULK_RANGE_START = 250;
/** More list reads than this by one member in one window. */
export const SEARCH_BULK_PAGES_PER_WINDOW = 30;
/** More rows than this sent to one member in one window (40 pages of 25; two of the largest pages, 500). */
export const SEARCH_BULK_ROWS_PER_WINDOW = 1000;

/** Distinct searches listed per entry (the counts cover all of them), ranges listed per search. */
const MAX_SEARCHES = 20;
const MAX_RANGES = 10;
/** Ids of a by-id read (react-admin's getMany) listed per search. */
const MAX_IDS = 20;

export type CustomerSearchRead = {
  filter: Record<string, unknown>;
  sort: { field: string; order: string };
  start: number;
  /** Rows answered (the page may be shorter than asked). */
  rows: number;
  /** Matches in all, as the Content-Range header said. */
  total: number;
};

type Search = { filter: Record<string, unknown>; sort: string; ranges: [number, number][]; rows: number };
type SearchWindow = {
  origin: RequestOrigin;
  searches: Map<string, Search>;
  moreSearches: number;
  requests: number;
  rows: number;
  firstRow: number;
  lastRow: number;
  unusual: Set<string>;
};

/** The filter as stored: a by-id read keeps how many ids and the first few, not 500 of them. */
function storedFilter(filter: Record<string, unknown>): Record<string, unknown> {
  const ids = filter.id;
  if (!Array.isArray(ids) || ids.length <= MAX_IDS) return filter;
  return { ...filter, id: ids.slice(0, MAX_IDS), idCount: ids.length };
}

function entryOf(w: SearchWindow, span: AuditWindowSpan): AuditInput {
  const unusual = [...w.unusual];
  return {
    ...w.origin,
    action: unusual.length ? SEARCH_BULK_ACTION : SEARCH_ACTION,
    outcome: 'succeeded',
    target: { type: 'customers', id: 'list' },
    request: { searches: [...w.searches.values()], ...(w.moreSearches ? { moreSearches: w.moreSearches } : {}), window: span },
    after: { requests: w.requests, rows: w.rows, firstRow: w.firstRow, lastRow: w.lastRow, ...(unusual.length ? { unusual } : {}) },
  };
}

function add(w: SearchWindow, read: CustomerSearchRead) {
  const end = read.start + Math.max(read.rows, 1) - 1;
  w.requests++;
  w.rows += read.rows;
  w.firstRow = Math.min(w.firstRow, read.start);
  w.lastRow = Math.max(w.lastRow, end);
  const filter = storedFilter(read.filter);
  const sort = `${read.sort.field} ${read.sort.order}`;
  const key = JSON.stringify([filter, sort]);
  let search = w.searches.get(key);
  if (!search) {
    if (w.searches.size >= MAX_SEARCHES) w.moreSearches++;
    else w.searches.set(key, (search = { filter, sort, ranges: [], rows: 0 }));
  }
  if (search) {
    search.rows += read.rows;
    if (search.ranges.length < MAX_RANGES) search.ranges.push([read.start, end]);
  }
  if (read.start >= SEARCH_BULK_RANGE_START) w.unusual.add(`a page from row ${SEARCH_BULK_RANGE_START} or later`);
  if (w.requests > SEARCH_BULK_PAGES_PER_WINDOW) w.unusual.add(`more than ${SEARCH_BULK_PAGES_PER_WINDOW} pages in a minute`);
  if (w.rows > SEARCH_BULK_ROWS_PER_WINDOW) w.unusual.add(`more than ${SEARCH_BULK_ROWS_PER_WINDOW} rows in a minute`);
}

export function noteCustomerSearch(deps: { auditWindows: AuditWindows }, origin: RequestOrigin, read: CustomerSearchRead): void {
  const who = origin.actor.type === 'staff' ? origin.actor.id : origin.actor.type;
  deps.auditWindows.fold<SearchWindow>(
    `${SEARCH_ACTION}|${who}`,
    () => ({ origin, searches: new Map(), moreSearches: 0, requests: 0, rows: 0, firstRow: read.start, lastRow: read.start, unusual: new Set() }),
    (w) => add(w, read),
    entryOf,
  );
}

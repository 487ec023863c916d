import type { Context } from 'hono';
import { invalid } from './errors.ts';
import type { PageRequest } from './paging.ts';

/** How one filter parameter is checked: a fixed set of values, or any non-empty text. */
export type FilterSpec = { values?: readonly string[]; pattern?: RegExp };

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 200;

/**
 * Gigs validates strictly (documented; docs/upstreams.md, "Requests and errors"): unknown parameters, repeated parameters, empty
 * values and values outside an enum are 400 `invalid`, never silently ignored.
 */
export function parseListQuery<F extends string>(c: Context, filters: Record<F, FilterSpec>): { page: PageRequest; filters: Partial<Record<F, string>> } {
  const params = new URL(c.req.url).searchParams;
  const seen = new Set<string>();
  const out: Partial<Record<F, string>> = {};
  const page: PageRequest = { limit: DEFAULT_LIMIT };
  for (const [key, value] of params) {
    if (seen.has(key)) throw invalid(`Query parameter '${key}' was given more than once.`);
    seen.add(key);
    const known = key === 'limit' || key === 'after' || key === 'before' || key in filters;
    if (!known) throw invalid(`Unknown query parameter '${key}'.`, 'unknownParameter');
    if (value === '') throw invalid(`Query parameter '${key}' must not be empty.`);
    if (key === 'limit') {
      if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_LIMIT)
        throw invalid(`Query parameter 'limit' must be an integer from 1 to ${MAX_LIMIT}.`);
      page.limit = Number(value);
    } else if (key === 'after' || key === 'before') {
      page[key] = value;
    } else {
      const spec = filters[key as F];
      if (spec.values && !spec.values.includes(value)) throw invalid(`Query parameter '${key}' must be one of ${spec.values.join(', ')}; got '${value}'.`);
      if (spec.pattern && !spec.pattern.test(value)) throw invalid(`Query parameter '${key}' has an invalid value '${value}'.`);
      out[key as F] = value;
    }
  }
  if (page.after !== undefined && page.before !== undefined) throw invalid("Query parameters 'after' and 'before' cannot be used together.");
  return { page, filters: out };
}

/** Item endpoints and POSTs take no query parameters at all. */
export function rejectQuery(c: Context) {
  const first = new URL(c.req.url).searchParams.keys().next();
  if (!first.done) throw invalid(`Unknown query parameter '${first.value}'.`, 'unknownParameter');
}

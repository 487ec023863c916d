import type { GigsAddon, GigsPlan } from '../upstream/gigs.ts';

/**
 * Sorting and paging a catalogue list in memory: Gigs answers plans and add-ons whole (a few
 * dozen), with no sort parameter of its own, so subdesk sorts the way the SPA asks.
 */
export type CatalogueSort = { field: 'id' | 'name' | 'price' | 'createdAt' | 'status' | 'provider'; order: 'ASC' | 'DESC' };

/**
 * Sort keys, most significant first. Prices sort within their currency (currency code, then
 * amount): 25.00 USD and 19.00 EUR are not comparable numbers, and the plan chooser groups them.
 */
const keysOf = (x: GigsPlan | GigsAddon, field: CatalogueSort['field']): (string | number)[] => {
  if (field === 'price') return [x.price?.currency ?? '', x.price?.amount ?? 0];
  return [String((x as Record<string, unknown>)[field] ?? '')];
};

const compare = (x: (string | number)[], y: (string | number)[]) => {
  for (let i = 0; i < x.length; i++) if (x[i]! !== y[i]!) return x[i]! < y[i]! ? -1 : 1;
  return 0;
};

export function sortAndPage<T extends GigsPlan | GigsAddon>(items: T[], sort: CatalogueSort, start: number, limit: number) {
  const dir = sort.order === 'ASC' ? 1 : -1;
  const sorted = [...items].sort((a, b) => (compare(keysOf(a, sort.field), keysOf(b, sort.field)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) * dir);
  return { rows: sorted.slice(start, start + limit), total: sorted.length };
}

const asList = (v: string | string[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

/**
 * Filters both kinds share: ids (react-admin's getMany), status, provider, a name search, and the
 * countries a customer is in: an item whose coverage names none of them is not offered (no
 * coverage, as an add-on without its own, is not a reason to hide it).
 */
export function matchesCommon(
  x: GigsPlan | GigsAddon,
  f: { id?: string | string[]; status?: string | string[]; provider?: string; q?: string; country?: string | string[] },
): boolean {
  const countries = asList(f.country)?.map((c) => c.toUpperCase());
  if (countries && x.coverage?.countries.length && !x.coverage.countries.some((c) => countries.includes(c.toUpperCase()))) return false;
  const ids = asList(f.id);
  if (ids && !ids.includes(x.id)) return false;
  const statuses = asList(f.status);
  if (statuses && !statuses.includes(x.status)) return false;
  if (f.provider && x.provider !== f.provider) return false;
  if (f.q && !`${x.name} ${x.description ?? ''} ${x.id}`.toLowerCase().includes(f.q.trim().toLowerCase())) return false;
  return true;
}

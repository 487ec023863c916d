import type { GigsAddon, GigsPlan } from '../upstream/gigs.ts';

/**
 * Sorting and paging a catalogue list in memory: Gigs answers plans and add-ons whole (a few
 * dozen), with no sort parameter of its own, so subdesk sorts the way the SPA asks.
 */
export type CatalogueSort = { field: 'id' | 'name' | 'price' | 'createdAt' | 'status' | 'provider'; order: 'ASC' | 'DESC' };

const valueOf = (x: GigsPlan | GigsAddon, field: CatalogueSort['field']): string | number => {
  if (field === 'price') return x.price?.amount ?? 0;
  return String((x as Record<string, unknown>)[field] ?? '');
};

export function sortAndPage<T extends GigsPlan | GigsAddon>(items: T[], sort: CatalogueSort, start: number, limit: number) {
  const dir = sort.order === 'ASC' ? 1 : -1;
  const sorted = [...items].sort((a, b) => {
    const x = valueOf(a, sort.field);
    const y = valueOf(b, sort.field);
    return (x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0) * dir;
  });
  return { rows: sorted.slice(start, start + limit), total: sorted.length };
}

const asList = (v: string | string[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

/** Filters both kinds share: ids (react-admin's getMany), status, provider, a name search. */
export function matchesCommon(x: GigsPlan | GigsAddon, f: { id?: string | string[]; status?: string | string[]; provider?: string; q?: string }): boolean {
  const ids = asList(f.id);
  if (ids && !ids.includes(x.id)) return false;
  const statuses = asList(f.status);
  if (statuses && !statuses.includes(x.status)) return false;
  if (f.provider && x.provider !== f.provider) return false;
  if (f.q && !`${x.name} ${x.description ?? ''} ${x.id}`.toLowerCase().includes(f.q.trim().toLowerCase())) return false;
  return true;
}

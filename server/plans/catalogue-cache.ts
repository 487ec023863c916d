import { LRUCache } from 'lru-cache';
import type { BaseDeps } from '../deps.ts';
import type { GigsAddon, GigsPlan } from '../upstream/gigs.ts';
import type { CentraProduct } from '../upstream/centra.ts';

/**
 * The three catalogues (Gigs plans, Gigs add-ons, Centra products with their plans), read from the
 * upstreams and kept in memory for CATALOGUE_TTL_MS: catalogues change a few times a year, so a
 * page view costs no upstream round trip most of the time. Concurrent misses share one fetch; a
 * failed fetch is not kept (the next view tries again). Staff see the fetch time ("catalogue as of").
 */
export const CATALOGUE_TTL_MS = 60_000;

export type Cached<T> = { value: T; fetchedAt: Date };

type Catalogues = { gigsPlans: GigsPlan[]; gigsAddons: GigsAddon[]; centraProducts: CentraProduct[] };
type Name = keyof Catalogues;

/** One catalogue's cached read. */
export type CatalogueRead<T> = { get(): Promise<Cached<T>> };

export class Catalogue {
  readonly gigsPlans: CatalogueRead<GigsPlan[]>;
  readonly gigsAddons: CatalogueRead<GigsAddon[]>;
  readonly centraProducts: CatalogueRead<CentraProduct[]>;
  private readonly cache: LRUCache<Name, Cached<Catalogues[Name]>>;

  constructor(deps: Pick<BaseDeps, 'gigs' | 'centra' | 'clock'>) {
    const load: { [N in Name]: () => Promise<Catalogues[N]> } = {
      gigsPlans: () => deps.gigs.listPlans(),
      gigsAddons: () => deps.gigs.listAddons(),
      centraProducts: () => deps.centra.listProducts(),
    };
    // A failed fetch is dropped, never answered from a stale copy: a stale catalogue would look current.
    this.cache = new LRUCache<Name, Cached<Catalogues[Name]>>({
      max: 3,
      ttl: CATALOGUE_TTL_MS,
      ttlResolution: 0,
      perf: { now: () => deps.clock().getTime() },
      fetchMethod: async (name) => ({ value: await load[name](), fetchedAt: deps.clock() }),
    });
    this.gigsPlans = this.reader('gigsPlans');
    this.gigsAddons = this.reader('gigsAddons');
    this.centraProducts = this.reader('centraProducts');
  }

  private reader<N extends Name>(name: N): CatalogueRead<Catalogues[N]> {
    return { get: async () => (await this.cache.fetch(name))! as Cached<Catalogues[N]> };
  }

  clear() {
    this.cache.clear();
  }
}

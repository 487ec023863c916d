import type { Deps } from '../deps.ts';
import type { GigsAddon, GigsPlan } from '../upstream/gigs.ts';
import type { CentraProduct } from '../upstream/centra.ts';

/**
 * The three catalogues (Gigs plans, Gigs add-ons, Centra products with their plans), read from the
 * upstreams and kept in memory for CATALOGUE_TTL_MS: catalogues change a few times a year, so a
 * page view costs no upstream round trip most of the time. Concurrent misses share one fetch; a
 * failed fetch is not kept (the next view tries again). Staff see the fetch time ("catalogue as of").
 */
export const CATALOGUE_TTL_MS = 60_000;

type Entry<T> = { value: T; fetchedAt: Date } | { pending: Promise<{ value: T; fetchedAt: Date }> };
type Slot<T> = { entry?: Entry<T> };

export type Cached<T> = { value: T; fetchedAt: Date };

class TtlCache<T> {
  private slot: Slot<T> = {};
  constructor(private readonly load: () => Promise<T>, private readonly clock: () => Date) {}

  async get(): Promise<Cached<T>> {
    const e = this.slot.entry;
    if (e && 'value' in e && this.clock().getTime() - e.fetchedAt.getTime() < CATALOGUE_TTL_MS) return e;
    if (e && 'pending' in e) return e.pending;
    const pending = this.load().then(
      (value) => {
        const done = { value, fetchedAt: this.clock() };
        this.slot.entry = done;
        return done;
      },
      (err: unknown) => {
        // Keep the last good copy (if any) out of the answer: a stale catalogue would look current.
        this.slot.entry = undefined;
        throw err;
      },
    );
    this.slot.entry = { pending };
    return pending;
  }

  clear() {
    this.slot = {};
  }
}

export type Catalogue = {
  gigsPlans: TtlCache<GigsPlan[]>;
  gigsAddons: TtlCache<GigsAddon[]>;
  centraProducts: TtlCache<CentraProduct[]>;
  clear(): void;
};

// One cache per pair of clients (one app), without widening Deps.
const caches = new WeakMap<object, Catalogue>();

export function catalogueOf(deps: Pick<Deps, 'gigs' | 'centra' | 'clock'>): Catalogue {
  let c = caches.get(deps.gigs);
  if (!c) {
    const gigsPlans = new TtlCache(() => deps.gigs.listPlans(), deps.clock);
    const gigsAddons = new TtlCache(() => deps.gigs.listAddons(), deps.clock);
    const centraProducts = new TtlCache(() => deps.centra.listProducts(), deps.clock);
    c = { gigsPlans, gigsAddons, centraProducts, clear: () => [gigsPlans, gigsAddons, centraProducts].forEach((x) => x.clear()) };
    caches.set(deps.gigs, c);
  }
  return c;
}

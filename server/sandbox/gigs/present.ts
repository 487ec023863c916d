import type { AddonDoc, PlanDoc, SubscriptionAddonDoc, SubscriptionRow, UserDoc } from './docs.ts';
import type { GigsStore } from './store.ts';

/** Looks up embedded objects once per answer: a page of 200 subscriptions shares a few plans. */
export class Embedder {
  private readonly plans = new Map<string, PlanDoc | null>();
  private readonly addons = new Map<string, AddonDoc | null>();
  private readonly users = new Map<string, UserDoc | null>();

  constructor(private readonly store: GigsStore) {}

  private memo<T>(map: Map<string, T | null>, id: string, load: (id: string) => T | undefined): T | null {
    if (!map.has(id)) map.set(id, load(id) ?? null);
    return map.get(id)!;
  }

  subscription(row: SubscriptionRow) {
    const { doc } = row;
    const { object, id, metadata, status, phoneNumber, sim, ...rest } = doc;
    return {
      object,
      id,
      metadata,
      status,
      phoneNumber,
      plan: this.memo(this.plans, row.planId, (x) => this.store.plan(x)),
      sim,
      user: this.memo(this.users, row.userId, (x) => this.store.user(x)),
      ...rest,
    };
  }

  subscriptionAddon(doc: SubscriptionAddonDoc, addonId: string) {
    const { object, id, ...rest } = doc;
    return { object, id, addon: this.memo(this.addons, addonId, (x) => this.store.addon(x)), ...rest };
  }
}

export function listEnvelope<T>(items: T[], moreItemsAfter: string | null, moreItemsBefore: string | null) {
  return { object: 'list' as const, items, moreItemsAfter, moreItemsBefore };
}

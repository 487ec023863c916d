import { emailKey } from './normalise.ts';
import type { CentraContractFacts, CentraFacts, GigsFacts, GigsSubscriptionFacts } from './types.ts';
import type { FactsUpdate } from './store.ts';

/**
 * Turns upstream objects into index facts. The input types name only the fields the index reads,
 * so the clients' richer types fit them structurally and unknown fields are simply ignored.
 */
export type GigsUserLike = { id: string; email: string; fullName?: string | null };
export type GigsSubscriptionLike = {
  id: string;
  status: string;
  phoneNumber?: string | null;
  sim?: { id?: string | null; iccid?: string | null } | null;
  user: GigsUserLike | string;
};
export type CentraCustomerLike = { customerId: string | number; email: string; firstName?: string | null; lastName?: string | null; country?: string | null; phoneNumber?: string | null };
export type CentraContractLike = {
  id: number | string;
  shippingAddress?: { country?: string | null; phoneNumber?: string | null; email?: string | null; firstName?: string | null; lastName?: string | null } | null;
  subscriptions?: { id: number | string; status: string }[] | null;
};
export type CentraContractItem = { contract: CentraContractLike; customerId?: string | number | null; email: string };

const userFacts = (u: GigsUserLike, current: GigsFacts | undefined): GigsFacts => ({ ...(current ?? { subs: {} }), u: u.id, e: u.email, n: u.fullName ?? null });

export function subscriptionFacts(s: GigsSubscriptionLike): GigsSubscriptionFacts {
  return { s: s.status, p: s.phoneNumber ?? null, m: s.sim?.id ?? null, i: s.sim?.iccid ?? null };
}

export function contractFacts(c: CentraContractLike): CentraContractFacts {
  const a = c.shippingAddress ?? {};
  const name = [a.firstName, a.lastName].filter(Boolean).join(' ') || null;
  return { co: a.country ?? null, p: a.phoneNumber ?? null, e: a.email ?? null, n: name, subs: Object.fromEntries((c.subscriptions ?? []).map((s) => [String(s.id), s.status])) };
}

/** A page of Gigs users: sets who each person is in Gigs, keeping the subscriptions seen. */
export function gigsUserUpdates(users: GigsUserLike[]): Map<string, FactsUpdate<'gigs'>> {
  const updates = new Map<string, FactsUpdate<'gigs'>>();
  for (const u of users) if (u.email) updates.set(emailKey(u.email), (cur) => userFacts(u, cur));
  return updates;
}

/** A page of Gigs subscriptions (user embedded): adds or updates each in its person's facts. */
export function gigsSubscriptionUpdates(subs: GigsSubscriptionLike[]): Map<string, FactsUpdate<'gigs'>> {
  const byKey = new Map<string, { user: GigsUserLike; subs: GigsSubscriptionLike[] }>();
  for (const s of subs) {
    if (typeof s.user !== 'object' || !s.user?.email) continue; // a bare user id cannot be keyed; the users phase covers it
    const key = emailKey(s.user.email);
    const entry = byKey.get(key) ?? { user: s.user, subs: [] };
    entry.subs.push(s);
    byKey.set(key, entry);
  }
  const updates = new Map<string, FactsUpdate<'gigs'>>();
  for (const [key, { user, subs: list }] of byKey) {
    updates.set(key, (cur) => {
      const next = userFacts(user, cur);
      next.subs = { ...next.subs };
      for (const s of list) next.subs[s.id] = subscriptionFacts(s);
      return next;
    });
  }
  return updates;
}

const customerFacts = (c: CentraCustomerLike, current: CentraFacts | undefined): CentraFacts => ({
  ...(current ?? { k: {} }),
  c: String(c.customerId),
  e: c.email,
  f: c.firstName ?? null,
  l: c.lastName ?? null,
  co: c.country ?? null,
  p: c.phoneNumber ?? null,
});

export function centraCustomerUpdates(list: CentraCustomerLike[]): Map<string, FactsUpdate<'centra'>> {
  const updates = new Map<string, FactsUpdate<'centra'>>();
  for (const c of list) if (c.email) updates.set(emailKey(c.email), (cur) => customerFacts(c, cur));
  return updates;
}

export function centraContractUpdates(items: CentraContractItem[]): Map<string, FactsUpdate<'centra'>> {
  const byKey = new Map<string, CentraContractItem[]>();
  for (const item of items) {
    if (!item.email) continue;
    const key = emailKey(item.email);
    byKey.set(key, [...(byKey.get(key) ?? []), item]);
  }
  const updates = new Map<string, FactsUpdate<'centra'>>();
  for (const [key, list] of byKey) {
    updates.set(key, (cur) => {
      const next: CentraFacts = { ...(cur ?? { k: {} }), k: { ...(cur?.k ?? {}) } };
      for (const item of list) {
        if (item.customerId != null && !next.c) next.c = String(item.customerId);
        if (!next.e) next.e = item.email;
        next.k[String(item.contract.id)] = contractFacts(item.contract);
      }
      return next;
    });
  }
  return updates;
}

/** Everything one system says about one person now (a refresh): replaces what the index had. */
export function gigsFactsOf(user: GigsUserLike | null, subs: GigsSubscriptionLike[]): GigsFacts | null {
  if (!user) return null;
  return { u: user.id, e: user.email, n: user.fullName ?? null, subs: Object.fromEntries(subs.map((s) => [s.id, subscriptionFacts(s)])) };
}

export function centraFactsOf(customer: CentraCustomerLike | null, contracts: CentraContractLike[], email: string): CentraFacts | null {
  if (!customer && !contracts.length) return null;
  const base: CentraFacts = customer ? customerFacts(customer, undefined) : { e: email, k: {} };
  base.k = Object.fromEntries(contracts.map((c) => [String(c.id), contractFacts(c)]));
  return base;
}

import { canonicalJson } from '../../audit/canonical.ts';
import type { CentraContractFacts, CentraFacts, CentraSubscriptionDetails, GigsFacts, GigsSubscriptionFacts } from '../types.ts';

/**
 * Turns upstream objects into index facts. The input types name only the fields the index reads,
 * so the clients' richer types fit them structurally and unknown fields are simply ignored.
 */
export type GigsUserLike = { id: string; email: string; fullName?: string | null };
export type GigsPlanRef = { id?: string | null; provider?: string | null } | string;
export type GigsSubscriptionLike = {
  id: string;
  status: string;
  phoneNumber?: string | null;
  sim?: { id?: string | null; iccid?: string | null } | null;
  user?: GigsUserLike | string | null;
  plan?: GigsPlanRef | null;
  createdAt?: string | null;
  canceledAt?: string | null;
  endedAt?: string | null;
};
export type CentraCustomerLike = {
  customerId: string | number;
  email: string;
  firstName?: string | null;
  lastName?: string | null;
  country?: string | null;
  phoneNumber?: string | null;
};
export type CentraSubscriptionLike = {
  id: number | string;
  status: string;
  plan?: { id: string | number } | null;
  discount?: number | null;
  lines?: { item: string | number }[] | null;
  createdAt?: string | null;
};
export type CentraContractLike = {
  id: number | string;
  shippingAddress?: { country?: string | null; phoneNumber?: string | null; email?: string | null; firstName?: string | null; lastName?: string | null } | null;
  subscriptions?: CentraSubscriptionLike[] | null;
};
export type CentraContractItem = { contract: CentraContractLike; customerId?: string | number | null; email: string };

export function subscriptionFacts(s: GigsSubscriptionLike): GigsSubscriptionFacts {
  const plan = s.plan;
  return {
    s: s.status,
    p: s.phoneNumber ?? null,
    m: s.sim?.id ?? null,
    i: s.sim?.iccid ?? null,
    pl: typeof plan === 'string' ? plan : (plan?.id ?? null),
    v: typeof plan === 'object' && plan ? (plan.provider ?? null) : null,
    c: s.createdAt ?? null,
    // Gigs sets endedAt once a subscription is canceled (future while it still runs): either date says when.
    x: s.canceledAt ?? s.endedAt ?? null,
  };
}

function subscriptionDetails(s: CentraSubscriptionLike): CentraSubscriptionDetails {
  const discount = s.discount == null ? 0 : Number(s.discount);
  const item = s.lines?.[0]?.item;
  return {
    pl: s.plan?.id == null ? null : String(s.plan.id),
    d: Number.isFinite(discount) ? discount : 0,
    it: item == null ? null : String(item),
    c: s.createdAt ?? null,
  };
}

export function contractFacts(c: CentraContractLike): CentraContractFacts {
  const a = c.shippingAddress ?? {};
  const name = [a.firstName, a.lastName].filter(Boolean).join(' ') || null;
  const subs: Record<string, string> = {};
  const sd: Record<string, CentraSubscriptionDetails> = {};
  for (const s of c.subscriptions ?? []) {
    subs[String(s.id)] = s.status;
    sd[String(s.id)] = subscriptionDetails(s);
  }
  return { co: a.country ?? null, p: a.phoneNumber ?? null, e: a.email ?? null, n: name, subs, sd };
}

/**
 * One thing one page said about one person, as the crawl stages it (server/customers/crawl/stage.ts):
 * `gu` a Gigs user, `gs` a Gigs subscription with its user, `cc` a Centra customer, `ck` a Centra
 * contract. Applying a person's parts in crawl order to what the index had gives the same facts
 * as the page-by-page merge did, and applying them twice changes nothing (a resumed build).
 */
export type StagedPart =
  | { t: 'gu'; u: string; e: string; n: string | null }
  | { t: 'gs'; id: string; u: string; e: string; n: string | null; f: GigsSubscriptionFacts }
  | { t: 'cc'; c: string; e: string; f: string | null; l: string | null; co: string | null; p: string | null }
  | { t: 'ck'; id: string; c: string | null; e: string; k: CentraContractFacts };

export const partSystem = (p: StagedPart): 'gigs' | 'centra' => (p.t === 'gu' || p.t === 'gs' ? 'gigs' : 'centra');

export const userPart = (u: GigsUserLike): StagedPart => ({ t: 'gu', u: u.id, e: u.email, n: u.fullName ?? null });

/** A subscription whose user is only an id cannot be keyed; the users phase covers that person. */
export function subscriptionPart(s: GigsSubscriptionLike): StagedPart | null {
  if (typeof s.user !== 'object' || !s.user?.email) return null;
  return { t: 'gs', id: s.id, u: s.user.id, e: s.user.email, n: s.user.fullName ?? null, f: subscriptionFacts(s) };
}

export const customerPart = (c: CentraCustomerLike): StagedPart => ({
  t: 'cc',
  c: String(c.customerId),
  e: c.email,
  f: c.firstName ?? null,
  l: c.lastName ?? null,
  co: c.country ?? null,
  p: c.phoneNumber ?? null,
});

export const contractPart = (item: CentraContractItem): StagedPart => ({
  t: 'ck',
  id: String(item.contract.id),
  c: item.customerId == null ? null : String(item.customerId),
  e: item.email,
  k: contractFacts(item.contract),
});

/** Applies one Gigs part to a person's Gigs facts (changed in place; created when absent). */
export function applyGigs(cur: GigsFacts | undefined, p: Extract<StagedPart, { t: 'gu' | 'gs' }>): GigsFacts {
  const next = cur ?? { subs: {} };
  next.u = p.u;
  next.e = p.e;
  next.n = p.n;
  if (p.t === 'gs') next.subs[p.id] = p.f;
  return next;
}

/**
 * Whether applying a Gigs part would change these facts (applyGigs sets, so an equal part is a
 * no-op): lets an incremental crawl, which reads all of Gigs again, stage only what changed.
 */
export function changesGigs(cur: GigsFacts | undefined, p: Extract<StagedPart, { t: 'gu' | 'gs' }>): boolean {
  if (!cur || cur.u !== p.u || cur.e !== p.e || (cur.n ?? null) !== p.n) return true;
  if (p.t !== 'gs') return false;
  const [now, then] = [JSON.stringify(cur.subs[p.id]), JSON.stringify(p.f)];
  // Facts read from PostgreSQL's jsonb come in its own key order: compared key-sorted before calling them changed.
  return now !== then && (now === undefined || canonicalJson(cur.subs[p.id]) !== canonicalJson(p.f));
}

/** Of Gigs parts (JSON) and their people's keys, the ones that change what `facts` (the index's, by key) says. */
export function gigsPartsChanging(facts: Map<string, GigsFacts>, keys: string[], parts: string[]): { keys: string[]; parts: string[] } {
  const kept = { keys: [] as string[], parts: [] as string[] };
  for (let i = 0; i < parts.length; i++) {
    const part = JSON.parse(parts[i]!) as StagedPart;
    if ((part.t === 'gu' || part.t === 'gs') && !changesGigs(facts.get(keys[i]!), part)) continue;
    kept.keys.push(keys[i]!);
    kept.parts.push(parts[i]!);
  }
  return kept;
}

/** Applies one Centra part to a person's Centra facts (changed in place; created when absent). */
export function applyCentra(cur: CentraFacts | undefined, p: Extract<StagedPart, { t: 'cc' | 'ck' }>): CentraFacts {
  const next = cur ?? { k: {} };
  if (p.t === 'cc') {
    next.c = p.c;
    next.e = p.e;
    next.f = p.f;
    next.l = p.l;
    next.co = p.co;
    next.p = p.p;
  } else {
    if (p.c != null && !next.c) next.c = p.c;
    if (!next.e) next.e = p.e;
    next.k[p.id] = p.k;
  }
  return next;
}

/** Everything one system says about one person now (a refresh): replaces what the index had. */
export function gigsFactsOf(user: GigsUserLike | null, subs: GigsSubscriptionLike[]): GigsFacts | null {
  if (!user) return null;
  return { u: user.id, e: user.email, n: user.fullName ?? null, subs: Object.fromEntries(subs.map((s) => [s.id, subscriptionFacts(s)])) };
}

export function centraFactsOf(customer: CentraCustomerLike | null, contracts: CentraContractLike[], email: string): CentraFacts | null {
  if (!customer && !contracts.length) return null;
  const base: CentraFacts = customer ? applyCentra(undefined, customerPart(customer) as Extract<StagedPart, { t: 'cc' }>) : { e: email, k: {} };
  base.k = Object.fromEntries(contracts.map((c) => [String(c.id), contractFacts(c)]));
  return base;
}

type GigsPart = Extract<StagedPart, { t: 'gu' | 'gs' }>;
type CentraPart = Extract<StagedPart, { t: 'cc' | 'ck' }>;

/** Parts grouped per person as updates for CustomerStore.merge (fixtures; the crawl stages instead). */
function updatesOf<P extends StagedPart, F>(parts: (StagedPart | null)[], apply: (cur: F | undefined, p: P) => F): Map<string, (cur: F | undefined) => F> {
  const byKey = new Map<string, P[]>();
  for (const p of parts) {
    if (!p?.e) continue;
    const key = p.e.trim().toLowerCase();
    byKey.set(key, [...(byKey.get(key) ?? []), p as P]);
  }
  return new Map([...byKey].map(([key, list]) => [key, (cur: F | undefined) => list.reduce<F | undefined>((f, p) => apply(f, p), cur)!]));
}

export const gigsUserUpdates = (users: GigsUserLike[]) => updatesOf<GigsPart, GigsFacts>(users.map(userPart), applyGigs);
export const gigsSubscriptionUpdates = (subs: GigsSubscriptionLike[]) => updatesOf<GigsPart, GigsFacts>(subs.map(subscriptionPart), applyGigs);
export const centraCustomerUpdates = (list: CentraCustomerLike[]) => updatesOf<CentraPart, CentraFacts>(list.map(customerPart), applyCentra);
export const centraContractUpdates = (items: CentraContractItem[]) =>
  updatesOf<CentraPart, CentraFacts>(items.filter((i) => i.email).map(contractPart), applyCentra);

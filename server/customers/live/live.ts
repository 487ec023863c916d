import type { Deps } from '../../deps.ts';
import { SYSTEM_NAME, UpstreamError, type UpstreamSystem } from '../../upstream/errors.ts';
import { emailKey } from '../normalise.ts';
import { centraFactsOf, gigsFactsOf, type GigsSubscriptionLike, type GigsUserLike } from '../index/facts.ts';
import type { IndexWriter } from '../index/writer/types.ts';
import type { CentraContract, CentraCustomer } from '../../upstream/centra.ts';

/**
 * Reading one person live from both upstreams, each on its own: one being down never hides the
 * other. Used by the customer page (GET /api/customers/:id) and by refreshCustomer.
 */

/** What the Gigs client offers for one person (agreed names; answers read tolerantly). */
type GigsReadClient = {
  getUser(id: string): Promise<unknown>;
  searchUsersByEmail(email: string): Promise<unknown>;
  allSubscriptions(filter: { user: string }): AsyncIterable<unknown[]>;
  listSubscriptionAddons(q: { user?: string; subscription?: string }): Promise<unknown>;
  latestUserAddress(userId: string): Promise<unknown>;
};

export type GigsSubscriptionLive = GigsSubscriptionLike & Record<string, unknown> & { addons: unknown[] };
/** `address`: the user's newest address in Gigs (what an updateUserAddress link changes), or null. */
export type GigsLive = {
  user: (GigsUserLike & Record<string, unknown>) | null;
  subscriptions: GigsSubscriptionLive[];
  address: Record<string, unknown> | null;
};
export type CentraLive = { customer: CentraCustomer | null; contracts: CentraContract[] };
export type LiveError = { error: string; code: string };
export type Live<T> = T | LiveError;

export const isLiveError = <T>(v: Live<T>): v is LiveError => Boolean(v && typeof v === 'object' && 'error' in v);

/** A list envelope, a bare array, or one object: whatever the client hands back, as an array. */
function itemsOf<T>(v: unknown): T[] {
  if (Array.isArray(v)) return v as T[];
  if (v && typeof v === 'object' && Array.isArray((v as { items?: unknown }).items)) return (v as { items: T[] }).items;
  return v ? [v as T] : [];
}

function isNotFound(err: unknown) {
  return err instanceof UpstreamError && err.details.status === 404;
}

/** The sentence a support agent reads on the tab of a system that did not answer. */
export function liveError(system: UpstreamSystem, err: unknown): LiveError {
  if (isLiveError(err)) return err;
  const name = SYSTEM_NAME[system];
  const other = SYSTEM_NAME[system === 'gigs' ? 'centra' : 'gigs'];
  if (err instanceof UpstreamError) {
    if (err.kind === 'timeout')
      return {
        code: 'upstreamTimeout',
        error: `${name} did not answer in time, so this tab cannot show live data. The ${other} tab still works; try again in a minute.`,
      };
    if (err.kind === 'network')
      return {
        code: 'upstreamUnreachable',
        error: `${name} cannot be reached right now, so this tab cannot show live data. The ${other} tab still works; try again in a minute.`,
      };
    if (err.kind === 'malformed')
      return {
        code: 'upstreamMalformed',
        error: `${name} sent an answer subdesk could not read. The ${other} tab still works; try again, and tell an admin if it keeps happening.`,
      };
    if (err.details.status === 401 || err.details.status === 403)
      return {
        code: 'upstreamAuth',
        error: `${name} refused subdesk's credentials. Tell an admin to check the ${name} API key; the ${other} tab still works.`,
      };
    return {
      code: 'upstreamError',
      error: `${name} had a problem answering (HTTP ${err.details.status ?? '?'}). The ${other} tab still works; try again in a minute.`,
    };
  }
  return { code: 'upstreamError', error: `${name} could not be read: ${(err as Error)?.message ?? String(err)}. The ${other} tab still works.` };
}

/** `address`: also read the user's newest address (the customer page shows it; actions need not wait for it). */
export async function readGigs(deps: Pick<Deps, 'gigs'>, ref: { userId?: string | null; email: string }, opts: { address?: boolean } = {}): Promise<GigsLive> {
  const gigs = deps.gigs as unknown as GigsReadClient;
  let user: GigsLive['user'] = null;
  if (ref.userId) {
    try {
      user = (await gigs.getUser(ref.userId)) as GigsLive['user'];
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  if (!user || emailKey(user.email) !== emailKey(ref.email)) {
    const found = itemsOf<GigsUserLike & Record<string, unknown>>(await gigs.searchUsersByEmail(ref.email));
    user = found.find((u) => emailKey(u.email) === emailKey(ref.email)) ?? null;
  }
  if (!user) return { user: null, subscriptions: [], address: null };
  const collect = async () => {
    const all: unknown[] = [];
    for await (const page of gigs.allSubscriptions({ user: user!.id })) all.push(...page);
    return all;
  };
  const [subs, addons, address] = await Promise.all([
    collect(),
    gigs.listSubscriptionAddons({ user: user.id }),
    opts.address ? gigs.latestUserAddress(user.id) : null,
  ]);
  const addonList = itemsOf<{ subscription?: string } & Record<string, unknown>>(addons);
  const subscriptions = itemsOf<GigsSubscriptionLike & Record<string, unknown>>(subs).map((s) => ({
    ...s,
    addons: addonList.filter((a) => a.subscription === s.id),
  }));
  return { user, subscriptions, address: (address as Record<string, unknown> | null) ?? null };
}

export async function readCentra(deps: Pick<Deps, 'centra'>, ref: { email: string }): Promise<CentraLive> {
  const [customer, contracts] = await Promise.all([deps.centra.findCustomerByEmail(ref.email), deps.centra.getContracts(ref.email)]);
  return { customer, contracts };
}

/** What the tab of a system the business does not use (UPSTREAMS) says. */
const notUsed = (system: UpstreamSystem): LiveError => ({
  code: 'systemNotUsed',
  error: `${SYSTEM_NAME[system]} is not used by this business, so there is nothing to show here.`,
});

/** Both systems in parallel, each settled on its own. */
export async function readBoth(
  deps: Pick<Deps, 'gigs' | 'centra' | 'config'>,
  ref: { gigsUserId?: string | null; gigsEmail: string; centraEmail: string },
  opts: { address?: boolean } = {},
) {
  const { used } = deps.config;
  const [g, c] = await Promise.allSettled([
    used.gigs ? readGigs(deps, { userId: ref.gigsUserId, email: ref.gigsEmail }, opts) : Promise.reject(notUsed('gigs')),
    used.centra ? readCentra(deps, { email: ref.centraEmail }) : Promise.reject(notUsed('centra')),
  ]);
  const gigs: Live<GigsLive> = g.status === 'fulfilled' ? g.value : liveError('gigs', g.reason);
  const centra: Live<CentraLive> = c.status === 'fulfilled' ? c.value : liveError('centra', c.reason);
  return { gigs, centra };
}

/** Writes what was just read into the index row (systems that failed keep what the index had). */
export async function applyLive(writer: IndexWriter, key: string, live: { gigs: Live<GigsLive>; centra: Live<CentraLive> }, centraEmail: string) {
  const gigsFacts = isLiveError(live.gigs) ? undefined : gigsFactsOf(live.gigs.user, live.gigs.subscriptions);
  const centraFacts = isLiveError(live.centra)
    ? undefined
    : centraFactsOf(live.centra.customer, live.centra.contracts, live.centra.customer?.email ?? centraEmail);
  // Both systems and the rebuilt row in one transaction (a system that failed writes nothing but the rebuild).
  await writer.write(
    {
      gigs: new Map([[key, (cur) => (gigsFacts === undefined ? (cur ?? null) : gigsFacts)]]),
      centra: new Map([[key, (cur) => (centraFacts === undefined ? (cur ?? null) : centraFacts)]]),
    },
    undefined,
    // What a system said just now confirms the row, changed or not (a failed read confirms nothing).
    { readLive: gigsFacts !== undefined || centraFacts !== undefined },
  );
}

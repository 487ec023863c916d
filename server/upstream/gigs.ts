import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { RateBudget } from './budget.ts';
import { HttpClient } from './http.ts';
import { UpstreamError } from './errors.ts';
import {
  gigsAddonSchema,
  gigsConnectSessionSchema,
  gigsListSchema,
  gigsPlanSchema,
  gigsSubscriptionAddonSchema,
  gigsSubscriptionSchema,
  gigsUserAddressSchema,
  gigsUserSchema,
  type GigsAddon,
  type GigsConnectSession,
  type GigsConnectSessionCreate,
  type GigsPage,
  type GigsPlan,
  type GigsSubscription,
  type GigsSubscriptionAddon,
  type GigsUser,
  type GigsUserAddress,
} from './gigs-schemas.ts';

export type * from './gigs-schemas.ts';

export type GigsClientOptions = {
  baseUrl: string;
  project: string;
  apiKey: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** The project's rate budget (staff calls first); none: unlimited. */
  budget?: RateBudget;
};

export type GigsPageParams = { limit?: number; after?: string; before?: string };
export type GigsSubscriptionFilter = { user?: string; status?: string; plan?: string };

/** Gigs caps a page at 200 (documented; docs/upstreams.md, "Requests and errors"). */
const MAX_PAGE = 200;

const gigsErrorBody = z.object({ type: z.string().optional(), code: z.string().optional(), message: z.string().optional() }).passthrough();

const lists = {
  users: gigsListSchema(gigsUserSchema),
  subscriptions: gigsListSchema(gigsSubscriptionSchema),
  plans: gigsListSchema(gigsPlanSchema),
  addons: gigsListSchema(gigsAddonSchema),
  subscriptionAddons: gigsListSchema(gigsSubscriptionAddonSchema),
  userAddresses: gigsListSchema(gigsUserAddressSchema),
};

export const UNSAFE_CONNECT_LINK = 'unsafeConnectLink';

/**
 * A Connect link subdesk will hand to a staff member: https, or http only when the Gigs API
 * itself is reached over http (a loopback sandbox), since then nothing on the way is encrypted
 * anyway. Anything else (javascript:, data:, a downgrade to http) is refused.
 */
export function isSafeConnectLink(link: string, apiBaseUrl: string): boolean {
  let protocol: string;
  try {
    protocol = new URL(link).protocol;
  } catch {
    return false;
  }
  return protocol === 'https:' || (protocol === 'http:' && new URL(apiBaseUrl).protocol === 'http:');
}

/** The Gigs Core + Connect API client. Every path is /projects/{project}/...; Bearer auth. */
export class GigsClient {
  readonly http: HttpClient;

  constructor(readonly opts: GigsClientOptions) {
    this.http = new HttpClient({
      system: 'gigs',
      baseUrl: `${opts.baseUrl.replace(/\/+$/, '')}/projects/${encodeURIComponent(opts.project)}`,
      headers: { authorization: `Bearer ${opts.apiKey}` },
      timeoutMs: opts.timeoutMs,
      fetch: opts.fetch,
      sleep: opts.sleep,
      budget: opts.budget,
      parseError: (status, body) => {
        const parsed = gigsErrorBody.safeParse(body);
        const e = parsed.success ? parsed.data : {};
        return { message: e.message ?? `Gigs answered ${status}`, type: e.type, code: e.code };
      },
    });
  }

  /** Cheapest authenticated call: one plan. */
  async ping(): Promise<void> {
    await this.http.request({ method: 'GET', path: '/plans', query: { limit: 1 }, schema: z.object({ object: z.literal('list') }).passthrough() });
  }

  // ---- users

  listUsers(params: GigsPageParams = {}): Promise<GigsPage<GigsUser>> {
    return this.page('/users', lists.users, params);
  }

  /** Every user, newest first, one page of up to 200 at a time (the crawl); `after` resumes a walk. */
  allUsers(opts: { after?: string } = {}): AsyncGenerator<GigsUser[]> {
    return this.pages((after) => this.listUsers({ limit: MAX_PAGE, after }), opts.after);
  }

  getUser(id: string): Promise<GigsUser> {
    return this.http.request({ method: 'GET', path: `/users/${encodeURIComponent(id)}`, schema: gigsUserSchema });
  }

  /** POST /users/search {email} (documented by Gigs' example app; docs/upstreams.md): Gigs matches e-mails case-insensitively; first match or null. */
  async searchUsersByEmail(email: string): Promise<GigsUser | null> {
    const res = await this.http.request({
      method: 'POST',
      path: '/users/search',
      body: { email: email.trim() },
      schema: lists.users,
      // A search changes nothing; a fresh key lets the transport retry it like a GET.
      idempotencyKey: randomUUID(),
    });
    return res.items[0] ?? null;
  }

  /** DOCS core/user-addresses: the user's addresses, newest first; the first page is enough for "the current one". */
  async latestUserAddress(userId: string): Promise<GigsUserAddress | null> {
    const page = await this.page(`/users/${encodeURIComponent(userId)}/addresses`, lists.userAddresses, { limit: 1 });
    return page.items[0] ?? null;
  }

  // ---- subscriptions

  listSubscriptions(params: GigsSubscriptionFilter & GigsPageParams = {}): Promise<GigsPage<GigsSubscription>> {
    return this.page('/subscriptions', lists.subscriptions, params);
  }

  /** Every subscription matching the filter (none: all of them), pages of up to 200; `after` resumes. */
  allSubscriptions(filter: GigsSubscriptionFilter & { after?: string } = {}): AsyncGenerator<GigsSubscription[]> {
    const { after: start, ...rest } = filter;
    return this.pages((after) => this.listSubscriptions({ ...rest, limit: MAX_PAGE, after }), start);
  }

  getSubscription(id: string): Promise<GigsSubscription> {
    return this.http.request({ method: 'GET', path: `/subscriptions/${encodeURIComponent(id)}`, schema: gigsSubscriptionSchema });
  }

  // ---- catalogue

  /** All plans (every page). */
  listPlans(): Promise<GigsPlan[]> {
    return this.collect((after) => this.page('/plans', lists.plans, { limit: MAX_PAGE, after }));
  }

  getPlan(id: string): Promise<GigsPlan> {
    return this.http.request({ method: 'GET', path: `/plans/${encodeURIComponent(id)}`, schema: gigsPlanSchema });
  }

  /** All add-ons matching the filter (every page); EX: {status: 'available', provider}. */
  listAddons(filter: { status?: string; provider?: string; plan?: string } = {}): Promise<GigsAddon[]> {
    return this.collect((after) => this.page('/addons', lists.addons, { ...filter, limit: MAX_PAGE, after }));
  }

  getAddon(id: string): Promise<GigsAddon> {
    return this.http.request({ method: 'GET', path: `/addons/${encodeURIComponent(id)}`, schema: gigsAddonSchema });
  }

  /** All subscription add-ons matching the filter (every page), each with its add-on embedded. */
  listSubscriptionAddons(filter: { subscription?: string; user?: string; addon?: string } = {}): Promise<GigsSubscriptionAddon[]> {
    return this.collect((after) => this.page('/subscriptionAddons', lists.subscriptionAddons, { ...filter, limit: MAX_PAGE, after }));
  }

  // ---- Connect Sessions

  /**
   * Creates a session (201) and returns it with its `url`, a bearer link: hand it to the staff
   * member once, never store or log it. The key makes a retry replay the same session.
   */
  async createConnectSession(body: GigsConnectSessionCreate, idempotencyKey: string): Promise<GigsConnectSession & { url: string }> {
    const session = await this.http.request({ method: 'POST', path: '/connectSessions', body, schema: gigsConnectSessionSchema, idempotencyKey });
    if (!session.url)
      throw new UpstreamError('gigs', 'malformed', 'Gigs created the Connect Session but sent no link for it', { method: 'POST', path: '/connectSessions' });
    if (!isSafeConnectLink(session.url, this.opts.baseUrl)) {
      // The link goes into a staff member's browser as an href: never a javascript: or data: one.
      throw new UpstreamError('gigs', 'malformed', 'Gigs sent a Connect link that is not a secure web address (https); it was not shown', {
        method: 'POST',
        path: '/connectSessions',
        code: UNSAFE_CONNECT_LINK,
      });
    }
    return session as GigsConnectSession & { url: string };
  }

  getConnectSession(id: string): Promise<GigsConnectSession> {
    return this.http.request({ method: 'GET', path: `/connectSessions/${encodeURIComponent(id)}`, schema: gigsConnectSessionSchema });
  }

  // ---- paging

  private async page<T>(
    path: string,
    schema: z.ZodType<{ items: T[]; moreItemsAfter?: string | null; moreItemsBefore?: string | null }>,
    query: Record<string, string | number | undefined>,
  ): Promise<GigsPage<T>> {
    const res = await this.http.request({ method: 'GET', path, query, schema });
    return { items: res.items, moreItemsAfter: res.moreItemsAfter ?? null, moreItemsBefore: res.moreItemsBefore ?? null };
  }

  /** Follows moreItemsAfter until null; never assumes one page. */
  private async *pages<T>(fetchPage: (after: string | undefined) => Promise<GigsPage<T>>, start?: string): AsyncGenerator<T[]> {
    let after = start;
    const seen = new Set<string>();
    for (;;) {
      const page = await fetchPage(after);
      if (page.items.length) yield page.items;
      if (!page.moreItemsAfter) return;
      // A cursor that comes back twice would loop forever: treat it as a broken answer.
      if (seen.has(page.moreItemsAfter)) throw new UpstreamError('gigs', 'malformed', `Gigs sent the same page cursor twice (${page.moreItemsAfter})`);
      seen.add(page.moreItemsAfter);
      after = page.moreItemsAfter;
    }
  }

  private async collect<T>(fetchPage: (after: string | undefined) => Promise<GigsPage<T>>): Promise<T[]> {
    const all: T[] = [];
    for await (const items of this.pages(fetchPage)) all.push(...items);
    return all;
  }
}

import type { GigsClient } from '../upstream/gigs.ts';
import type { CentraClient } from '../upstream/centra.ts';
import { UpstreamError } from '../upstream/errors.ts';
import { randomUUID } from 'node:crypto';
import type { ZodType } from 'zod';
import type { CentraContractItem, CentraCustomerLike, GigsSubscriptionLike, GigsUserLike } from './facts.ts';
import { CRAWL_CONTRACTS_QUERY, crawlCentraContractsPage, crawlCentraCustomersPage, crawlGigsSubscriptionsPage, crawlGigsUsersPage, type CrawlCentraContract, type CrawlCentraCustomer } from './crawl-schemas.ts';

/** One page read from an upstream, and the cursor that resumes after it. */
export type Page<T> = { items: T[]; cursor: unknown };
export type Source<T> = (cursor: unknown, since: Date | undefined) => AsyncIterable<Page<T>>;

export type CrawlSources = {
  gigsUsers: Source<GigsUserLike>;
  gigsSubscriptions: Source<GigsSubscriptionLike>;
  centraCustomers: Source<CentraCustomerLike>;
  centraContracts: Source<CentraContractItem>;
};

/** The largest pages each API allows: Gigs 200 (DOCS pagination), Centra 1000 (Order API and our GraphQL query). */
export const GIGS_PAGE = 200;
export const CENTRA_PAGE = 1000;

/**
 * Walks pages with the next request already on its way while the caller stages the current one:
 * the upstream prepares page n+1 while subdesk writes page n. An abandoned prefetch is ignored.
 */
async function* prefetching<P>(first: Promise<P>, next: (page: P) => Promise<P> | null): AsyncIterable<P> {
  let pending: Promise<P> | null = first;
  while (pending) {
    const page: P = await pending;
    pending = next(page);
    pending?.catch(() => undefined);
    yield page;
  }
}

const field = <K extends string>(cursor: unknown, name: K): unknown => (cursor && typeof cursor === 'object' && name in cursor ? (cursor as Record<K, unknown>)[name] : undefined);

/** Centra's optional text as the clients' full schemas read it: absent becomes ''. */
const text = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));
const nullableText = (v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? null : String(v));

const centraCustomer = (c: CrawlCentraCustomer): CentraCustomerLike => ({
  customerId: String(c.customerId), email: c.email, firstName: text(c.firstName), lastName: text(c.lastName), country: text(c.country), phoneNumber: text(c.phoneNumber),
});

function centraContract(c: CrawlCentraContract): CentraContractItem {
  const a = c.shippingAddress;
  return {
    customerId: String(c.customer.id),
    email: c.customer.email,
    contract: {
      id: c.id,
      shippingAddress: { firstName: text(a?.firstName), lastName: text(a?.lastName), country: text(a?.country), email: text(a?.email), phoneNumber: text(a?.phoneNumber) },
      subscriptions: (c.subscriptions ?? []).map((s) => ({
        id: s.id,
        // REST sends `active`, GraphQL `ACTIVE`: the index keeps the REST spelling.
        status: s.status.toLowerCase(),
        plan: s.plan ?? null,
        discount: s.discount == null || s.discount === '' ? 0 : Number(s.discount),
        lines: s.lines ?? [],
        createdAt: nullableText(s.createdAt),
      })),
    },
  };
}

/** `Y-m-d H:i:s` in UTC, the Order API's filter format. */
const orderApiTime = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

/** The Integration API endpoint split as CentraClient splits it: base URL, then the last path segment. */
function integrationPath(url: string) {
  const path = new URL(url).pathname.replace(/\/+$/, '');
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * The crawl's view of the two clients: their transports (auth, timeouts, retries, typed errors)
 * with the crawl's lean schemas. Gigs has no "changed since" filter we know of, so every crawl
 * walks it whole (newest first, resuming after the last id staged); the builder only writes rows
 * whose facts changed, so an incremental walk costs HTTP, not index work. Centra filters customers
 * by `modified` (offset paging in id order) and contracts by `updatedAfter` (keyset on id).
 */
export function clientSources(gigs: GigsClient, centra: CentraClient): CrawlSources {
  const gigsList = <T>(path: string, schema: ZodType<{ items: T[]; moreItemsAfter?: string | null }>, cursor: unknown): AsyncIterable<Page<T>> => {
    const start = field(cursor, 'after');
    const get = (after: string | undefined) => gigs.http.request({ method: 'GET', path, query: { limit: GIGS_PAGE, after }, schema });
    const seen = new Set<string>();
    return (async function* () {
      for await (const page of prefetching(get(typeof start === 'string' ? start : undefined), (p) => {
        if (!p.moreItemsAfter) return null;
        // A cursor that comes back twice would loop forever: treat it as a broken answer.
        if (seen.has(p.moreItemsAfter)) throw new UpstreamError('gigs', 'malformed', `Gigs sent the same page cursor twice (${p.moreItemsAfter})`);
        seen.add(p.moreItemsAfter);
        return get(p.moreItemsAfter);
      })) {
        const last = page.items[page.items.length - 1] as { id: string } | undefined;
        if (last) yield { items: page.items, cursor: { after: last.id } };
      }
    })();
  };
  const contractsPath = integrationPath(centra.opts.integrationUrl);

  return {
    gigsUsers: (cursor) => gigsList<GigsUserLike>('/users', crawlGigsUsersPage as ZodType<{ items: GigsUserLike[]; moreItemsAfter?: string | null }>, cursor),
    gigsSubscriptions: (cursor) => gigsList<GigsSubscriptionLike>('/subscriptions', crawlGigsSubscriptionsPage as ZodType<{ items: GigsSubscriptionLike[]; moreItemsAfter?: string | null }>, cursor),

    async *centraCustomers(cursor, since) {
      // Offset paging in id order: the offset reached is the cursor.
      const start = Number(field(cursor, 'offset')) || 0;
      const get = (offset: number) =>
        centra.order.request({ method: 'GET', path: '/customers', query: { limit: CENTRA_PAGE, offset, modified: since ? orderApiTime(since) : undefined }, schema: crawlCentraCustomersPage })
          .then((b) => ({ offset: offset + b.customers.length, customers: b.customers }));
      for await (const page of prefetching(get(start), (p) => (p.customers.length < CENTRA_PAGE ? null : get(p.offset)))) {
        if (page.customers.length) yield { items: page.customers.map(centraCustomer), cursor: { offset: page.offset } };
      }
    },

    async *centraContracts(cursor, since) {
      // Keyset paging in id order: resume after the last contract id staged.
      const start = Number(field(cursor, 'afterId'));
      const get = (afterId: number | null) =>
        centra.integration.request({
          method: 'POST',
          path: contractsPath,
          body: { query: CRAWL_CONTRACTS_QUERY, variables: { limit: CENTRA_PAGE, afterId, updatedAfter: since ? since.toISOString() : null } },
          schema: crawlCentraContractsPage,
          // The query only reads: a fresh key lets the transport retry it (GraphQL ignores the header).
          idempotencyKey: randomUUID(),
        }).then((body) => {
          if (body.errors?.length || !body.data) {
            const message = body.errors?.map((e) => e.message ?? 'unknown error').join('; ') || 'no data';
            throw new UpstreamError('centra', 'http', `Centra's Integration API refused the contract listing: ${message}`, { status: 200, method: 'POST', path: contractsPath, fieldErrors: { graphql: message } });
          }
          return body.data.subscriptionContracts ?? [];
        });
      for await (const rows of prefetching(get(Number.isFinite(start) ? start : null), (rows) => (rows.length < CENTRA_PAGE ? null : get(Number(rows[rows.length - 1]!.id))))) {
        if (rows.length) yield { items: rows.map(centraContract), cursor: { afterId: Number(rows[rows.length - 1]!.id) } };
      }
    },
  };
}

import type { GigsClient } from '../../upstream/gigs.ts';
import type { CentraClient } from '../../upstream/centra.ts';
import { UpstreamError } from '../../upstream/errors.ts';
import { randomUUID } from 'node:crypto';
import { refusedListing } from '../../upstream/centra-integration.ts';
import type { CrawlList, StagedPage } from './crawl-pages.ts';
import { PageParser } from './page-parser.ts';
import type { ContractListingState } from './contract-listing.ts';

/** One page read from an upstream, staged, and the cursor that resumes after it. */
export type Page = StagedPage & { cursor: unknown };
export type Source = (cursor: unknown, since: Date | undefined) => AsyncIterable<Page>;

export type CrawlSources = {
  gigsUsers: Source;
  gigsSubscriptions: Source;
  centraCustomers: Source;
  centraContracts: Source;
};

/**
 * The largest pages each API allows: Gigs 200 (documented); the Order API's limit is not
 * documented, 1000 is what subdesk asks (docs/upstreams.md). The Integration API's is 200
 * (documented), set by the listing plan.
 */
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

const field = <K extends string>(cursor: unknown, name: K): unknown =>
  cursor && typeof cursor === 'object' && name in cursor ? (cursor as Record<K, unknown>)[name] : undefined;

/** `Y-m-d H:i:s` in UTC, the Order API's filter format. */
const orderApiTime = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

/** DateTimeTz as Centra writes it (`Y-m-dTH:i:sP`), in UTC. */
const integrationTime = (d: Date) => `${d.toISOString().slice(0, 19)}+00:00`;

/**
 * A page on its way: `ahead` is what the next request needs, known as soon as the page's bytes
 * arrive (undefined: only its parse will tell); `page` is the page parsed.
 */
type InFlight = { ahead: Promise<string | null | undefined>; page: Promise<StagedPage> };

/**
 * Walks cursor pages with the next request sent as soon as this page's bytes are in, while the
 * parser thread still works on them: the upstream prepares page n+1 while subdesk parses and
 * stages page n. The cursor read early must be the one the parse finds.
 */
async function* pipelined(first: InFlight, nextAfter: (cursor: string) => InFlight, cursorOf: (page: StagedPage) => string | null): AsyncIterable<StagedPage> {
  let current: InFlight | null = first;
  while (current) {
    const early: string | null | undefined = await current.ahead;
    let next: InFlight | null = early ? nextAfter(early) : null;
    next?.page.catch(() => undefined);
    next?.ahead.catch(() => undefined);
    const page = await current.page;
    const cursor = cursorOf(page);
    if (early === undefined) next = cursor ? nextAfter(cursor) : null;
    else if (early !== cursor) throw new UpstreamError('gigs', 'malformed', `the page's cursor read early (${early}) is not the one it carries (${cursor})`);
    yield page;
    current = next;
  }
}

/** Gigs' `moreItemsAfter` from the end of a list page's bytes, where it is sent; undefined when not there. */
export function peekMoreItemsAfter(bytes: ArrayBuffer): string | null | undefined {
  const tail = Buffer.from(bytes, Math.max(0, bytes.byteLength - 512)).toString('latin1');
  const found = [...tail.matchAll(/"moreItemsAfter"\s*:\s*(?:null|"([A-Za-z0-9_-]{1,200})")\s*[,}]/g)].at(-1);
  return found ? (found[1] ?? null) : undefined;
}

/**
 * The crawl's view of the two clients: their transports (auth, timeouts, retries, typed errors),
 * with each page's bytes parsed by the crawl's lean schemas and staged in a worker thread
 * (crawl-pages.ts). Gigs has no "changed since" filter we know of, so every crawl walks it whole
 * (newest first, resuming after the last id staged); the builder only writes rows whose facts
 * changed, so an incremental walk costs HTTP and parsing, not index work. Centra filters customers
 * by `modified` (offset paging in id order). Contracts are listed the way `listing` found Centra
 * allows (server/customers/crawl/contract-listing.ts): through the Integration API in numbered pages,
 * "updated since" where its schema has a lower bound; or not in this crawl at all when only the
 * Shop API can read them, one customer at a time (server/customers/crawl/contract-walk.ts).
 */
export function clientSources(
  gigs: GigsClient,
  centra: CentraClient,
  listing: ContractListingState,
  used: { gigs: boolean; centra: boolean } = { gigs: true, centra: true },
): CrawlSources {
  // Pages are parsed, checked and staged in a worker thread: the main thread only writes them.
  const parser = new PageParser();
  const decode = (list: CrawlList) => (bytes: ArrayBuffer) => parser.parse(list, bytes);
  /** Sends a request whose `ahead` resolves with `peek(bytes)` when they arrive. */
  const inFlight = (
    send: (parse: (bytes: ArrayBuffer) => Promise<StagedPage>) => Promise<StagedPage>,
    list: CrawlList,
    peek: (bytes: ArrayBuffer) => string | null | undefined,
  ): InFlight => {
    let tell!: (cursor: string | null | undefined) => void;
    const ahead = new Promise<string | null | undefined>((resolve) => (tell = resolve));
    const page = send((bytes) => {
      tell(peek(bytes));
      return parser.parse(list, bytes);
    });
    // A request that fails before any bytes: `ahead` has nothing to wait for (the page's error follows).
    page.catch(() => tell(undefined));
    return { ahead, page };
  };
  const gigsList = (path: string, list: CrawlList, cursor: unknown): AsyncIterable<Page> => {
    const start = field(cursor, 'after');
    const get = (after: string | undefined) =>
      inFlight((parse) => gigs.http.request({ method: 'GET', path, query: { limit: GIGS_PAGE, after }, decode: parse }), list, peekMoreItemsAfter);
    const seen = new Set<string>();
    const nextAfter = (after: string) => {
      // A cursor that comes back twice would loop forever: treat it as a broken answer.
      if (seen.has(after)) throw new UpstreamError('gigs', 'malformed', `Gigs sent the same page cursor twice (${after})`);
      seen.add(after);
      return get(after);
    };
    return (async function* () {
      for await (const page of pipelined(get(typeof start === 'string' ? start : undefined), nextAfter, (p) => p.moreItemsAfter)) {
        if (page.lastId !== null) yield { ...page, cursor: { after: page.lastId } };
      }
    })();
  };
  // A system the business does not use (UPSTREAMS) has nothing to list.
  const none = async function* () {};
  return {
    gigsUsers: (cursor) => (used.gigs ? gigsList('/users', 'gigs.users', cursor) : none()),
    gigsSubscriptions: (cursor) => (used.gigs ? gigsList('/subscriptions', 'gigs.subscriptions', cursor) : none()),

    async *centraCustomers(cursor, since) {
      if (!used.centra) return;
      // Offset paging in id order: the offset reached is the cursor.
      const start = Number(field(cursor, 'offset')) || 0;
      const get = (offset: number) =>
        centra.order
          .request({
            method: 'GET',
            path: '/customers',
            query: { limit: CENTRA_PAGE, offset, modified: since ? orderApiTime(since) : undefined },
            decode: decode('centra.customers'),
          })
          .then((page) => ({ ...page, offset: offset + page.count }));
      for await (const page of prefetching(get(start), (p) => (p.count < CENTRA_PAGE ? null : get(p.offset)))) {
        if (page.count) yield { ...page, cursor: { offset: page.offset } };
      }
    },

    async *centraContracts(cursor, since) {
      if (!used.centra) return;
      const plan = await listing.refresh();
      const integration = centra.integration;
      // Read customer by customer through the Shop API instead, in the background (contract-walk.ts).
      if (plan.way === 'shop' || !integration) return;
      const start = Number(field(cursor, 'page')) || 1;
      const where = since && plan.updatedSince ? plan.updatedSince(integrationTime(since)) : null;
      const get = (page: number) =>
        integration.http
          .request({
            method: 'POST',
            path: integration.path,
            body: { query: plan.query, variables: { limit: plan.pageSize, page, ...(plan.updatedSince ? { where } : {}) } },
            decode: decode('centra.contracts'),
            // The query only reads: a fresh key lets the transport retry it (GraphQL ignores the header).
            idempotencyKey: randomUUID(),
          })
          .then((staged) => {
            if (staged.refused !== null) throw refusedListing(integration.path, staged.refused);
            return { ...staged, page };
          });
      for await (const page of prefetching(get(start), (p) => (p.count < plan.pageSize ? null : get(p.page + 1)))) {
        if (page.count) yield { ...page, cursor: { page: page.page + 1 } };
      }
    },
  };
}

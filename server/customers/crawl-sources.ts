import type { CentraClient } from '../upstream/centra.ts';
import type { CentraContractItem, CentraCustomerLike, GigsSubscriptionLike, GigsUserLike } from './facts.ts';

/** One page read from an upstream, and the cursor that resumes after it. */
export type Page<T> = { items: T[]; cursor: unknown };
export type Source<T> = (cursor: unknown, since: Date | undefined) => AsyncIterable<Page<T>>;

export type CrawlSources = {
  gigsUsers: Source<GigsUserLike>;
  gigsSubscriptions: Source<GigsSubscriptionLike>;
  centraCustomers: Source<CentraCustomerLike>;
  centraContracts: Source<CentraContractItem>;
};

export const GIGS_PAGE = 200;
export const CENTRA_PAGE = 1000;

/** What the crawl needs of the Gigs client (the agreed method names). */
export type GigsCrawlClient = {
  allUsers(): AsyncIterable<GigsUserLike[]>;
  allSubscriptions(): AsyncIterable<GigsSubscriptionLike[]>;
};

/**
 * Resumes a newest-first cursor list by skipping the items already applied. Gigs lists have no
 * "start here" a crash could keep apart from the opaque `after` id, and new items arrive at the
 * front: skipping a count can only re-read a few items (harmless merges), never miss old ones.
 * Items created meanwhile are picked up by the next crawl.
 */
async function* skipping<T>(pages: AsyncIterable<T[]>, skip: number): AsyncIterable<Page<T>> {
  let seen = 0;
  for await (const page of pages) {
    const from = Math.max(0, skip - seen);
    seen += page.length;
    if (from >= page.length) continue;
    yield { items: from ? page.slice(from) : page, cursor: { skip: seen } };
  }
}

const skipOf = (cursor: unknown) => (cursor && typeof cursor === 'object' && 'skip' in cursor ? Number((cursor as { skip: number }).skip) || 0 : 0);

/**
 * The crawl's view of the two clients. Gigs has no "changed since" filter we know of, so every
 * crawl walks it whole; the store only writes rows whose facts changed, so an incremental walk
 * costs HTTP, not index work. Centra filters customers by `modified` and contracts by `updatedAfter`.
 */
export function clientSources(gigs: GigsCrawlClient, centra: CentraClient): CrawlSources {
  return {
    // The client reads pages of GIGS_PAGE (200, Gigs' maximum).
    gigsUsers: (cursor) => skipping(gigs.allUsers(), skipOf(cursor)),
    gigsSubscriptions: (cursor) => skipping(gigs.allSubscriptions(), skipOf(cursor)),
    async *centraCustomers(cursor, since) {
      // Offset paging in id order: the offset reached is the cursor.
      let offset = cursor && typeof cursor === 'object' && 'offset' in cursor ? Number((cursor as { offset: number }).offset) || 0 : 0;
      for (;;) {
        const page = await centra.listCustomers({ limit: CENTRA_PAGE, offset, modified: since });
        offset += page.length;
        if (page.length) yield { items: page, cursor: { offset } };
        if (page.length < CENTRA_PAGE) return;
      }
    },
    async *centraContracts(cursor, since) {
      // Keyset paging in id order: resume after the last contract id applied. The client's
      // generator starts at the beginning, so pages at or before that id are read and dropped.
      const afterId = cursor && typeof cursor === 'object' && 'afterId' in cursor ? Number((cursor as { afterId: number }).afterId) : -Infinity;
      const opts = { updatedAfter: since, pageSize: CENTRA_PAGE, afterId: Number.isFinite(afterId) ? afterId : undefined };
      for await (const page of centra.allContracts(opts)) {
        const items = page.filter((e) => Number(e.contract.id) > afterId);
        if (!items.length) continue;
        yield { items, cursor: { afterId: Number(items[items.length - 1]!.contract.id) } };
      }
    },
  };
}

import { CentraClient } from '../../server/upstream/centra.ts';
import { CENTRA_PAGE, GIGS_PAGE, peekMoreItemsAfter } from '../../server/customers/crawl/crawl-sources.ts';
import type { CrawlList } from '../../server/customers/crawl/crawl-pages.ts';
import type { CrawlUpstream } from './crawl-upstream.ts';

export type WalkResult = { items: Record<CrawlList, number>; bytes: number };

/**
 * Reads every page of the four lists a full crawl reads, all four at once, each with the next
 * request sent as soon as the page's bytes are in (cursor paging allows no more). The cursor is
 * found in the bytes without parsing them: what is left is HTTP and the upstream's own work.
 * `onBody` sees each page's body (synchronously: its time delays that list's next request).
 */
export async function walkAllLists(upstream: CrawlUpstream, onBody?: (list: CrawlList, body: string) => void): Promise<WalkResult> {
  const { url, credentials: c } = upstream;
  const items = { 'gigs.users': 0, 'gigs.subscriptions': 0, 'centra.customers': 0, 'centra.contracts': 0 };
  let bytes = 0;
  const read = async (list: CrawlList, target: string, init: RequestInit) => {
    const res = await fetch(target, init);
    if (!res.ok) throw new Error(`${list}: HTTP ${res.status} from ${target}`);
    const body = await res.text();
    bytes += body.length;
    onBody?.(list, body);
    return body;
  };

  const gigs = async (list: CrawlList, path: string) => {
    const headers = { authorization: `Bearer ${c.gigsApiKey}` };
    let after: string | null | undefined = null;
    do {
      const body = await read(list, `${url}/sandbox/gigs/projects/${c.gigsProject}${path}?limit=${GIGS_PAGE}${after ? `&after=${after}` : ''}`, { headers });
      after = peekMoreItemsAfter(new TextEncoder().encode(body.slice(-512)).buffer);
      items[list] += countOf(body, list === 'gigs.users' ? '"object":"user"' : '"object":"subscription"');
    } while (after);
  };

  const customers = async () => {
    const headers = { 'api-authorization': c.centraApiKey };
    for (let offset = 0; ; ) {
      const body = await read('centra.customers', `${url}/sandbox/centra/api/order/customers?limit=${CENTRA_PAGE}&offset=${offset}`, { headers });
      const n = countOf(body, '"customerId"');
      items['centra.customers'] += n;
      offset += n;
      if (n < CENTRA_PAGE) return;
    }
  };

  const contracts = async () => {
    // The same query the crawl sends: built from the Integration API's own schema.
    const centra = new CentraClient({
      shopUrl: `${url}/sandbox/centra/api/shop`,
      orderUrl: `${url}/sandbox/centra/api/order`,
      apiKey: c.centraApiKey,
      integrationUrl: `${url}/sandbox/centra/graphql`,
      integrationToken: c.centraApiKey,
      timeoutMs: 60_000,
    });
    const plan = await centra.contractListing();
    if (plan.way !== 'integration') throw new Error(`the sandbox's Integration API cannot list contracts: ${plan.reason}`);
    const headers = { authorization: `Bearer ${c.centraApiKey}`, 'content-type': 'application/json' };
    for (let page = 1; ; page++) {
      const body = await read('centra.contracts', `${url}/sandbox/centra/graphql`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: plan.query, variables: { limit: plan.pageSize, page } }),
      });
      // GraphQL answers fields in the query's order: a contract's `id` comes right before its `customer`.
      const n = [...body.matchAll(/"id":(\d+),"customer"/g)].length;
      items['centra.contracts'] += n;
      if (n < plan.pageSize) return;
    }
  };

  await Promise.all([gigs('gigs.users', '/users'), gigs('gigs.subscriptions', '/subscriptions'), customers(), contracts()]);
  return { items, bytes };
}

/** Occurrences of `needle` in `body`. */
function countOf(body: string, needle: string): number {
  let n = 0;
  for (let i = body.indexOf(needle); i !== -1; i = body.indexOf(needle, i + needle.length)) n++;
  return n;
}

import type { BaseDeps } from '../deps.ts';
import { createIndexWriter, type IndexWriter } from './index/writer/index.ts';
import { createCustomerIndexStore, type CustomerIndexStore } from './store/index.ts';
import { Crawler } from './crawl/crawler.ts';
import { IndexStats } from './index/status.ts';
import { clientSources } from './crawl/crawl-sources.ts';
import { ContractListingState } from './crawl/contract-listing.ts';
import { ContractWalk } from './crawl/contract-walk.ts';
import { CentraEventsFeed } from './crawl/centra-events.ts';
import { createCrawlStores } from './crawl/store/index.ts';
import { CustomerLookup } from './index/lookup.ts';
import { createTimelineStore, type TimelineStore } from '../timeline/store/index.ts';

export type CustomersService = {
  /** The index's writing side (refreshes, the contract walk, change feeds, the end of a crawl). */
  writer: IndexWriter;
  /** The index as staff read it (search, one person's row, counts), on the engine that runs. */
  index: CustomerIndexStore;
  /** Search and one person's row: the index store's reading side the routes use. */
  search: Pick<CustomerIndexStore, 'list' | 'byId'>;
  /** What other domains ask about one person (owners of Centra ids, Gigs users, e-mails). */
  lookup: CustomerLookup;
  /** A customer's audit entries for the support timeline (server/timeline/). */
  timeline: TimelineStore;
  crawler: Crawler;
  stats: IndexStats;
  /** Which way Centra's contracts are listed (Integration API or Shop API). */
  contractListing: ContractListingState;
  /** Contracts read through the Shop API one customer at a time, when that is the way. */
  contractWalk: ContractWalk;
  /** Centra's change feed (its Events system), when the Integration API offers it. */
  centraEvents: CentraEventsFeed;
};

/** The customer index of one app (prepared statements, the one running crawl), built once in server/services.ts. */
export function createCustomersService(deps: Pick<BaseDeps, 'engine' | 'clock' | 'logger' | 'gigs' | 'centra' | 'config'>): CustomersService {
  const { clock, logger } = deps;
  const writer = createIndexWriter(deps.engine, clock);
  const index = createCustomerIndexStore(deps.engine);
  const crawlStores = createCrawlStores(deps.engine, writer, clock);
  const contractListing = new ContractListingState(deps.centra, { clock, logger });
  const contractWalk = new ContractWalk(crawlStores.walk, writer, deps.centra, { clock, logger });
  // Where contracts can only be read customer by customer, the walk follows every crawl: all
  // Centra customers after a full one, those Centra says changed after an incremental one.
  const afterCrawl = async (_run: unknown, centraChanged: Set<string> | null) => {
    if (contractListing.status().way !== 'shop') return;
    if (centraChanged) await contractWalk.enqueue(centraChanged);
    else await contractWalk.startPass();
  };
  return {
    writer,
    index,
    search: index,
    lookup: new CustomerLookup(index),
    stats: new IndexStats(index),
    timeline: createTimelineStore(deps.engine),
    crawler: new Crawler(crawlStores.ledger, writer, clientSources(deps.gigs, deps.centra, contractListing, deps.config.used), { clock, logger, afterCrawl }),
    contractListing,
    contractWalk,
    centraEvents: new CentraEventsFeed(writer, deps.config.used.centra ? deps.centra.events() : null, {
      clock,
      logger,
      intervalSeconds: deps.config.CENTRA_EVENTS_INTERVAL_SECONDS,
    }),
  };
}

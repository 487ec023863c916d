import type { Deps } from '../deps.ts';
import type { Db } from '../../db/connection.ts';
import { CustomerStore } from './store.ts';
import { CustomerSearch } from './search.ts';
import { Crawler } from './crawler.ts';
import { IndexStats } from './status.ts';
import { clientSources, type CrawlSources } from './crawl-sources.ts';
import { ContractListingState } from './contract-listing.ts';
import { ContractWalk } from './contract-walk.ts';
import { CentraEventsFeed } from './centra-events.ts';

export type CustomersService = {
  store: CustomerStore;
  search: CustomerSearch;
  crawler: Crawler;
  stats: IndexStats;
  /** Which way Centra's contracts are listed (Integration API or Shop API). */
  contractListing: ContractListingState;
  /** Contracts read through the Shop API one customer at a time, when that is the way. */
  contractWalk: ContractWalk;
  /** Centra's change feed (its Events system), when the Integration API offers it. */
  centraEvents: CentraEventsFeed;
};

// One service per database (prepared statements, the one running crawl), without widening Deps.
const services = new WeakMap<Db, CustomersService>();

export function customersOf(deps: Pick<Deps, 'db' | 'clock' | 'logger' | 'gigs' | 'centra'> & { config?: Pick<Deps['config'], 'used' | 'CENTRA_EVENTS_INTERVAL_SECONDS'> }, sources?: CrawlSources): CustomersService {
  let s = services.get(deps.db);
  if (!s) {
    const store = new CustomerStore(deps.db, deps.clock);
    const contractListing = new ContractListingState(deps.centra, { clock: deps.clock, logger: deps.logger });
    const crawlSources = sources ?? clientSources(deps.gigs, deps.centra, contractListing, deps.config?.used);
    const contractWalk = new ContractWalk(deps.db, store, deps.centra, { clock: deps.clock, logger: deps.logger });
    // Where contracts can only be read customer by customer, the walk follows every crawl: all
    // Centra customers after a full one, those Centra says changed after an incremental one.
    const afterCrawl = (_run: unknown, centraChanged: Set<string> | null) => {
      if (contractListing.status().way !== 'shop') return;
      if (centraChanged) contractWalk.enqueue(centraChanged);
      else contractWalk.startPass();
    };
    s = {
      store,
      search: new CustomerSearch(deps.db),
      stats: new IndexStats(deps.db),
      crawler: new Crawler(deps.db, store, crawlSources, { clock: deps.clock, logger: deps.logger, afterCrawl }),
      contractListing,
      contractWalk,
      centraEvents: new CentraEventsFeed(deps.db, store, deps.config?.used.centra === false ? null : deps.centra.events(), {
        clock: deps.clock,
        logger: deps.logger,
        intervalSeconds: deps.config?.CENTRA_EVENTS_INTERVAL_SECONDS ?? 60,
      }),
    };
    services.set(deps.db, s);
  }
  return s;
}

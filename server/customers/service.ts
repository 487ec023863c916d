import type { Deps } from '../deps.ts';
import type { Db } from '../../db/connection.ts';
import { CustomerStore } from './store.ts';
import { CustomerSearch } from './search.ts';
import { Crawler } from './crawler.ts';
import { IndexStats } from './status.ts';
import { clientSources, type CrawlSources } from './crawl-sources.ts';

export type CustomersService = { store: CustomerStore; search: CustomerSearch; crawler: Crawler; stats: IndexStats };

// One service per database (prepared statements, the one running crawl), without widening Deps.
const services = new WeakMap<Db, CustomersService>();

export function customersOf(deps: Pick<Deps, 'db' | 'clock' | 'logger' | 'gigs' | 'centra'>, sources?: CrawlSources): CustomersService {
  let s = services.get(deps.db);
  if (!s) {
    const store = new CustomerStore(deps.db, deps.clock);
    const crawlSources = sources ?? clientSources(deps.gigs, deps.centra);
    s = { store, search: new CustomerSearch(deps.db), stats: new IndexStats(deps.db), crawler: new Crawler(deps.db, store, crawlSources, { clock: deps.clock, logger: deps.logger }) };
    services.set(deps.db, s);
  }
  return s;
}


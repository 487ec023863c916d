import { storeFor, type Engine } from '../../../storage/engine.ts';
import type { CustomerStore } from '../../index/store.ts';
import { PgContractWalk, PgCrawlLedger } from './postgres.ts';
import { SqliteContractWalk, SqliteCrawlLedger } from './sqlite.ts';
import type { CrawlStores } from './types.ts';

/**
 * The crawl's stores on the engine that runs: its ledger (runs, each list's place, the stage) and
 * the contract walk's place. `index` is the customer index the SQLite stage is built into.
 */
export function createCrawlStores(engine: Engine, index: CustomerStore, clock: () => Date): CrawlStores {
  return storeFor<CrawlStores>(engine, {
    sqlite: (e) => ({ ledger: new SqliteCrawlLedger(e, index, clock), walk: new SqliteContractWalk(e) }),
    postgres: (e) => ({ ledger: new PgCrawlLedger(e, clock), walk: new PgContractWalk(e) }),
  });
}

export type * from './types.ts';
export { INTERRUPTED_REASON, PHASES } from './types.ts';

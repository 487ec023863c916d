import { storeFor, type Engine } from '../../../storage/engine.ts';
import { PgIndexWriter } from '../../index/writer/postgres.ts';
import { SqliteIndexWriter } from '../../index/writer/sqlite.ts';
import type { IndexWriter } from '../../index/writer/types.ts';
import { PgContractWalk, PgCrawlLedger } from './postgres.ts';
import { SqliteContractWalk, SqliteCrawlLedger } from './sqlite.ts';
import type { CrawlStores } from './types.ts';

/**
 * The crawl's stores on the engine that runs: its ledger (runs, each list's place, the stage) and
 * the contract walk's place. `index` is the customer index the stage is built into, of the same
 * engine (each engine's build is its own: on SQLite it leans on the file, server/customers/index/staged-build.ts).
 */
export function createCrawlStores(engine: Engine, index: IndexWriter, clock: () => Date): CrawlStores {
  return storeFor<CrawlStores>(engine, {
    sqlite: (e) => {
      if (!(index instanceof SqliteIndexWriter)) throw new Error('the SQLite crawl ledger builds into the SQLite index');
      return { ledger: new SqliteCrawlLedger(e, index.store, clock), walk: new SqliteContractWalk(e) };
    },
    postgres: (e) => {
      if (!(index instanceof PgIndexWriter)) throw new Error('the PostgreSQL crawl ledger builds into the PostgreSQL index');
      return { ledger: new PgCrawlLedger(e, index, clock), walk: new PgContractWalk(e) };
    },
  });
}

export type * from './types.ts';
export { INTERRUPTED_REASON, PHASES } from './types.ts';

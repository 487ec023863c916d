import { describe } from 'vitest';
import { PgAuditLog } from '../server/storage/pg/audit-append.ts';
import { PgContractWalk, PgCrawlLedger } from '../server/customers/crawl/store/postgres.ts';
import { PgIndexWriter } from '../server/customers/index/writer/postgres.ts';
import type { Engine, PostgresEngine } from '../server/storage/engine.ts';
import { postgresEngine } from './helpers/engines.ts';
import { testDatabase } from './helpers/postgres.ts';
import { crawlStoreContract, crawlStoreSharedContract } from './helpers/contracts/crawl.ts';

const storesOf = (engine: Engine) => {
  if (engine.kind !== 'postgres') throw new Error('a PostgreSQL engine was expected');
  return { ledger: new PgCrawlLedger(engine, new PgIndexWriter(engine, () => new Date()), () => new Date()), walk: new PgContractWalk(engine) };
};

describe('the crawl stores on PostgreSQL', () => {
  crawlStoreContract(postgresEngine(testDatabase), storesOf);
});

describe('two instances on one PostgreSQL database', () => {
  crawlStoreSharedContract(async () => {
    const t = await testDatabase();
    const second = t.open({ max: 4, applicationName: 'second' });
    const engine = (db: PostgresEngine['db']): PostgresEngine => ({ kind: 'postgres', db, audit: new PgAuditLog(db) });
    return { first: engine(t.db), second: engine(second), close: () => t.drop() };
  }, storesOf);
});

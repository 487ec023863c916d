import { describe } from 'vitest';
import { createCrawlStores } from '../server/customers/crawl/store/index.ts';
import { CustomerStore } from '../server/customers/index/store.ts';
import { SqliteIndexWriter } from '../server/customers/index/writer/sqlite.ts';
import { sqliteEngine } from './helpers/engines.ts';
import { crawlStoreContract } from './helpers/contracts/crawl.ts';

describe('the crawl stores on SQLite', () => {
  crawlStoreContract(sqliteEngine(), (engine) => {
    if (engine.kind !== 'sqlite') throw new Error('a SQLite engine was expected');
    return createCrawlStores(engine, new SqliteIndexWriter(new CustomerStore(engine.db)), () => new Date());
  });
});

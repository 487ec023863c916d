import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connection.ts';
import { CustomerStore } from '../server/customers/index/store.ts';
import { SqliteIndexWriter } from '../server/customers/index/writer/sqlite.ts';
import { createCustomerIndexStore } from '../server/customers/store/index.ts';
import { PgAuditLog } from '../server/storage/pg/audit-append.ts';
import type { PostgresEngine } from '../server/storage/engine.ts';
import { customerIndexContract, idOf, PEOPLE } from './helpers/contracts/customer-index.ts';
import { seedIndex } from './helpers/customers-fixture.ts';
import { postgresEngine } from './helpers/engines.ts';
import { copyIndexToPostgres } from './helpers/pg-index.ts';
import { testDatabase, type TestDatabase } from './helpers/postgres.ts';

describe('the customer index store on PostgreSQL', () => customerIndexContract(postgresEngine(testDatabase)));

describe('two instances on one database', () => {
  let t: TestDatabase;
  const engines: PostgresEngine[] = [];

  beforeAll(async () => {
    t = await testDatabase();
    const lite = openDatabase(':memory:');
    const store = new CustomerStore(lite);
    await seedIndex(new SqliteIndexWriter(store), PEOPLE);
    lite.$client.exec(
      `INSERT INTO indexed_subscriptions (system, id, customer_seq, plan_id, status, created_at) VALUES ('gigs', 'sub_two_1', 1, 'pln_two', 'active', '2030-01-01')`,
    );
    await copyIndexToPostgres(lite, t.db);
    lite.$client.close();
    for (const db of [t.db, t.open()]) engines.push({ kind: 'postgres', db, audit: new PgAuditLog(db) });
  });
  afterAll(() => t.drop());

  it("one instance's recount is what the other reads, and recounts from both at once take turns", async () => {
    const [a, b] = engines.map(createCustomerIndexStore) as [ReturnType<typeof createCustomerIndexStore>, ReturnType<typeof createCustomerIndexStore>];
    expect(await a.recomputePlanStats('2030-02-01T00:00:00.000Z')).toBe(1);
    expect(await b.planStatsAsOf()).toBe('2030-02-01T00:00:00.000Z');
    expect(await b.planStats()).toEqual([{ system: 'gigs', planId: 'pln_two', status: 'active', subscriptions: 1, averageDiscount: null }]);
    // Without the lock, the second DELETE misses the first's new rows and its INSERT collides with them.
    const stamps = Array.from({ length: 8 }, (_, i) => `2030-02-02T00:00:0${i}.000Z`);
    const groups = await Promise.all(stamps.map((at, i) => (i % 2 ? b : a).recomputePlanStats(at)));
    expect(groups).toEqual(stamps.map(() => 1));
    expect(await a.planStats()).toHaveLength(1);
    expect(stamps).toContain(await b.planStatsAsOf());
  });

  it('a person one instance finds, the other finds too', async () => {
    const [a, b] = engines.map(createCustomerIndexStore);
    const ask = { filter: { q: idOf(5) }, sort: { field: 'name' as const, order: 'ASC' as const }, start: 0, limit: 5 };
    expect((await a!.list(ask)).rows.map((r) => r.id)).toEqual([idOf(5)]);
    expect(await b!.list(ask)).toEqual(await a!.list(ask));
  });
});

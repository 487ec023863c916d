import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/connection.ts';
import { loadConfig } from '../server/config.ts';
import { recomputePlanStats } from '../server/customers/index/plan-stats.ts';
import { depsWithoutUpstreams } from './helpers/auth.ts';

/** Services are built once per app from its own deps (server/services.ts), never kept per database or per module. */
let db: Db;
afterEach(() => db?.$client.close());

const config = loadConfig({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent', PORT: '8080' });
const planless = (id: string, status: string) =>
  db.$client.prepare(`INSERT INTO indexed_subscriptions (system, id, customer_seq, plan_id, status) VALUES ('centra', ?, 1, NULL, ?)`).run(id, status);

describe('services per app', () => {
  it('gives two apps over one database their own services', () => {
    db = openDatabase(':memory:');
    const a = depsWithoutUpstreams({ config, db, clock: () => new Date() });
    const b = depsWithoutUpstreams({ config, db, clock: () => new Date() });
    expect(b.customers).not.toBe(a.customers);
    expect(b.customers.crawler).not.toBe(a.customers.crawler);
    expect(b.auth.sessions).not.toBe(a.auth.sessions);
    expect(b.plans.catalogue).not.toBe(a.plans.catalogue);
  });

  it("keeps the plan-less Centra counts for a minute of the app's own clock, then counts again", async () => {
    db = openDatabase(':memory:');
    let now = Date.parse('2030-01-01T00:00:00Z');
    const deps = depsWithoutUpstreams({ config, db, clock: () => new Date(now) });
    recomputePlanStats(db, deps.clock);
    planless('1', 'active');
    expect((await deps.plans.counts.read()).centraNoPlan.total).toBe(1);
    planless('2', 'paused');
    now += 30_000;
    expect((await deps.plans.counts.read()).centraNoPlan.total).toBe(1);
    now += 31_000;
    expect((await deps.plans.counts.read()).centraNoPlan).toMatchObject({ active: 1, paused: 1, total: 2 });
  });

  it("keeps the weekly series for a minute of the app's own clock, and counts again when plan_stats is recomputed", async () => {
    db = openDatabase(':memory:');
    let now = Date.parse('2030-01-02T12:00:00Z');
    const deps = depsWithoutUpstreams({ config, db, clock: () => new Date(now) });
    const newThisWeek = async () => (await deps.plans.weekly.series(await deps.plans.counts.asOf())).weeks.at(-1)!.newGigs;
    const add = (id: string) =>
      db.$client
        .prepare(
          `INSERT INTO indexed_subscriptions (system, id, customer_seq, plan_id, status, created_at) VALUES ('gigs', ?, 1, 'pln_a', 'active', '2030-01-01T10:00:00Z')`,
        )
        .run(id);
    add('s1');
    expect(await newThisWeek()).toBe(1);
    add('s2');
    now += 30_000;
    expect(await newThisWeek()).toBe(1);
    now += 31_000;
    expect(await newThisWeek()).toBe(2);
    add('s3');
    recomputePlanStats(db, deps.clock);
    expect(await newThisWeek()).toBe(3);
  });
});

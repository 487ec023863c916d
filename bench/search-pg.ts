import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../db/connection.ts';
import { closePostgres, migratePostgres, openPostgres } from '../db/pg.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from '../db/pg-embedded.ts';
import { sendPage } from '../server/http/list-query.ts';
import { validate } from '../server/http/validate.ts';
import { SqliteCustomerSearch } from '../server/customers/store/sqlite-search.ts';
import { customerListQuery } from '../server/routes/customers.ts';
import { PgCustomerSearch } from '../server/storage/pg/search.ts';
import { runCrawlBench } from './crawl.ts';
import { copyIndexFromSqlite, holdsCopyOf } from './lib/pg-index-copy.ts';
import { benchDir } from './lib/search-fixture.ts';
import { searchDifference } from '../test/helpers/search-compare.ts';
import { round, summarize } from './lib/stats.ts';
import type { BenchResult, Metric } from './lib/report.ts';
import { httpLoad, listPath, queryKind, searchBenchQueries } from './search.ts';

/**
 * Search on PostgreSQL, at each size of BENCH_CUSTOMERS (a comma list; default 100,000 then
 * 1,000,000). The data is the search bench's own: the crawled SQLite index under bench/data
 * (crawled first when missing), copied into PostgreSQL with its seqs (bench/lib/pg-index-copy.ts),
 * so both engines hold the same people. Then bench/search.ts's 200 queries:
 * - each asked of both engines, and PostgreSQL's answer must be SQLite's (test/helpers/search-compare.ts);
 * - latency of PgCustomerSearch alone, in this process, each query alternating with SQLite's
 *   CustomerSearch on the same index (what the machine allows at that moment, on both engines);
 * - latency over HTTP, one client, and throughput at 16 clients, the load generator in its own
 *   process: a Hono route on @hono/node-server validating the query string with the customers
 *   route's own schema and answering the page as it does (JSON, Content-Range). What subdesk's
 *   route adds on top, and this one leaves out: the session check, the audit note of the search,
 *   and the app's other middleware (subdesk's routes do not run on PostgreSQL yet).
 * The server: DATABASE_URL's, or an embedded PostgreSQL 18 whose data directory is kept under
 * bench/data/postgres-<size>/, loaded once per crawl and reused.
 */
export type SearchPgBenchOptions = { sizes?: number[]; requests?: number; log?: (line: string) => void };

/**
 * The embedded server's settings. The search is read-only on data loaded once, so durability
 * settings only slow the load: fsync off, and wal_level minimal (COPY into tables emptied in the
 * same transaction writes no WAL). Memory as a dedicated database host would give it.
 */
const SEARCH_SERVER_SETTINGS = {
  shared_buffers: '1GB',
  effective_cache_size: '4GB',
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  wal_level: 'minimal',
  max_wal_senders: '0',
  max_wal_size: '8GB',
};

async function serverFor(customers: number): Promise<EmbeddedServer & { where: string }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {}, where: 'the server DATABASE_URL names' };
  const server = await startEmbeddedPostgres({ dataDir: join('bench', 'data', `postgres-${customers}`, 'data'), settings: SEARCH_SERVER_SETTINGS });
  return { ...server, where: 'embedded PostgreSQL 18 (shared_buffers 1GB, fsync off: read-only)' };
}

const count = (n: number) => n.toLocaleString('en-US');

async function measureAt(customers: number, requests: number, log: (line: string) => void): Promise<{ setup: string; metrics: Metric[] }> {
  const dir = benchDir(customers);
  const sqlitePath = join(dir, 'subdesk.db');
  if (!existsSync(sqlitePath)) {
    log('no crawled index for this size yet: running the crawl benchmark first');
    await runCrawlBench({ customers, log });
  }
  const lite = openDatabase(sqlitePath, { migrate: false });
  const server = await serverFor(customers);
  const db = openPostgres(server.url, { max: 16, applicationName: 'subdesk bench' });
  let http: ReturnType<typeof serve> | undefined;
  const metrics: Metric[] = [];
  const at = `at ${count(customers)}`;
  try {
    // A kept data directory is migrated, not reloaded: a new table is filled from the rows it holds.
    const migrating = performance.now();
    await migratePostgres(db);
    log(`migrations checked and applied in ${((performance.now() - migrating) / 1000).toFixed(1)} s`);
    if (await holdsCopyOf(db, sqlitePath)) log(`PostgreSQL already holds ${sqlitePath}`);
    else {
      log(`copying ${sqlitePath} into PostgreSQL`);
      const started = performance.now();
      const t = await copyIndexFromSqlite(sqlitePath, lite, db, log);
      const copy = Object.values(t.copySeconds).reduce((a, b) => a + b, 0);
      const total = (performance.now() - started) / 1000;
      log(
        `loaded in ${total.toFixed(0)} s: COPY ${copy.toFixed(0)} s, keys and indexes ${t.indexSeconds.toFixed(0)} s, VACUUM ANALYZE ${t.analyzeSeconds.toFixed(0)} s`,
      );
      metrics.push(
        {
          name: `${at}: loading the index (COPY, then keys and indexes)`,
          value: round(total, 0),
          unit: 's',
          note: `COPY ${copy.toFixed(0)} s (${Object.entries(t.rows)
            .map(([table, n]) => `${table} ${count(n)}`)
            .join(', ')}), keys and indexes ${t.indexSeconds.toFixed(0)} s, VACUUM ANALYZE ${t.analyzeSeconds.toFixed(0)} s`,
        },
        { name: `${at}: rows copied per second (COPY)`, value: round(Object.values(t.rows).reduce((a, b) => a + b, 0) / copy, 0), unit: 'rows/s' },
      );
    }

    const pgSearch = new PgCustomerSearch(db);
    const liteSearch = new SqliteCustomerSearch(lite);
    const queries = searchBenchQueries(lite, customers);
    const ask = (q: string) => ({ filter: { q }, sort: { field: 'name' as const, order: 'ASC' as const }, start: 0, limit: 25 });

    // Every query once on both engines: the same answers (and PostgreSQL's cache warmed).
    const differences: string[] = [];
    for (const q of queries) {
      const difference = searchDifference(liteSearch.list(ask(q)), await pgSearch.list(ask(q)));
      if (difference) differences.push(`${JSON.stringify(q)}: ${difference}`);
    }
    for (const d of differences.slice(0, 10)) log(`  differs from SQLite: ${d}`);
    log(`${queries.length - differences.length} of ${queries.length} queries answered as on SQLite`);

    // Each query on PostgreSQL, then on SQLite in this process: the two searches alone, side by
    // side, under whatever else the machine is doing at that moment.
    const sqlMs: number[] = [];
    const liteMs: number[] = [];
    const byKind = new Map<string, { pg: number[]; lite: number[] }>();
    for (let i = 0; i < requests; i++) {
      const q = queries[i % queries.length]!;
      let started = performance.now();
      await pgSearch.list(ask(q));
      const pgMs = performance.now() - started;
      started = performance.now();
      liteSearch.list(ask(q));
      const lite1 = performance.now() - started;
      sqlMs.push(pgMs);
      liteMs.push(lite1);
      const kind = queryKind(i % queries.length);
      const times = byKind.get(kind) ?? { pg: [], lite: [] };
      byKind.set(kind, times);
      times.pg.push(pgMs);
      times.lite.push(lite1);
    }
    const sql = summarize(sqlMs);
    const liteAlone = summarize(liteMs);
    log(`PgCustomerSearch alone: p50 ${sql.p50.toFixed(2)} ms, p95 ${sql.p95.toFixed(2)} ms, p99 ${sql.p99.toFixed(2)} ms`);
    log(
      `SQLite's CustomerSearch alone, alternating with it: p50 ${liteAlone.p50.toFixed(2)} ms, p95 ${liteAlone.p95.toFixed(2)} ms, p99 ${liteAlone.p99.toFixed(2)} ms`,
    );
    // Where the time goes: each kind of query on both engines (docs/postgres.md's table).
    for (const [kind, ms] of byKind) {
      const [pg, lite1] = [summarize(ms.pg), summarize(ms.lite)];
      log(`  ${kind}: PostgreSQL p50 ${pg.p50.toFixed(2)} / p95 ${pg.p95.toFixed(2)} ms, SQLite p50 ${lite1.p50.toFixed(2)} / p95 ${lite1.p95.toFixed(2)} ms`);
    }

    const app = new Hono().get('/api/customers', validate('query', customerListQuery), async (c) => {
      const q = c.req.valid('query');
      const result = await pgSearch.list({ filter: q.filter, sort: q.sort, start: q.start, limit: q.limit });
      if (result.capped) c.header('X-Total-Capped', 'true');
      return sendPage(c, 'customers', q.start, result.rows, result.total);
    });
    http = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((r) => http!.once('listening', () => r()));
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const paths = queries.map(listPath);
    await httpLoad(base, paths, undefined, 4, 400, 10); // warm-up
    const one = await httpLoad(base, paths, undefined, 1, requests, 60);
    const overHttp = summarize(one.latenciesMs);
    log(
      `over HTTP: p50 ${overHttp.p50.toFixed(2)} ms, p95 ${overHttp.p95.toFixed(2)} ms, p99 ${overHttp.p99.toFixed(2)} ms (${overHttp.n} requests, ${one.errors} errors)`,
    );
    const sixteen = await httpLoad(base, paths, undefined, 16, requests * 2, 60);
    log(`16 clients over HTTP: ${sixteen.rps.toFixed(0)} req/s, ${sixteen.errors} errors`);

    metrics.push(
      {
        name: `${at}: answers different from SQLite's (of ${queries.length} queries)`,
        value: differences.length,
        unit: 'queries',
        target: { op: '<=', value: 0 },
      },
      { name: `${at}: p50 over HTTP`, value: round(overHttp.p50), unit: 'ms' },
      { name: `${at}: p95 over HTTP`, value: round(overHttp.p95), unit: 'ms', target: { op: '<=', value: 15 } },
      { name: `${at}: p99 over HTTP`, value: round(overHttp.p99), unit: 'ms' },
      { name: `${at}: p95 of the search alone (no HTTP)`, value: round(sql.p95), unit: 'ms' },
      { name: `${at}: p95 of SQLite's search alone, alternating with it (same queries, same moment)`, value: round(liteAlone.p95), unit: 'ms' },
      { name: `${at}: throughput at 16 clients over HTTP`, value: round(sixteen.rps, 0), unit: 'req/s' },
      { name: `${at}: HTTP errors`, value: one.errors + sixteen.errors, unit: 'responses', target: { op: '<=', value: 0 } },
    );
    return { setup: `${count(customers)} customers on ${server.where}, load average ${loadavg()[0]!.toFixed(1)} when done`, metrics };
  } finally {
    if (http) await new Promise<void>((r) => http!.close(() => r()));
    await closePostgres(db);
    await server.stop();
    lite.$client.close();
  }
}

export async function runSearchPgBench(opts: SearchPgBenchOptions = {}): Promise<BenchResult> {
  const sizes = opts.sizes ?? (process.env.BENCH_CUSTOMERS ?? '100000,1000000').split(',').map(Number);
  const requests = opts.requests ?? Number(process.env.BENCH_REQUESTS ?? 2000);
  const log = opts.log ?? ((l: string) => console.error(l));
  const setups: string[] = [];
  const metrics: Metric[] = [];
  for (const customers of sizes) {
    log(`-- ${count(customers)} customers --`);
    const r = await measureAt(customers, requests, log);
    setups.push(r.setup);
    metrics.push(...r.metrics);
  }
  return {
    bench: 'search-pg',
    setup: `PostgreSQL: ${setups.join('; ')}; the search bench's 200 queries (e-mail, partial e-mail, name, name without accents, phone tail, formatted phone, ids), each checked against SQLite's answer; HTTP through a Hono route with the customers route's query validation, without its session check and audit note; load generator in its own process; 2 cores shared with other engineers' work`,
    metrics,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await runSearchPgBench();
  console.log(JSON.stringify(r, null, 2));
  process.exit(0);
}

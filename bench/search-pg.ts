import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { closePostgres, migratePostgres, openPostgres, type PgDb } from '../db/pg.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from '../db/pg-embedded.ts';
import { contractPart, customerPart, subscriptionPart, userPart, type StagedPart } from '../server/customers/index/facts.ts';
import { emailKey } from '../server/customers/normalise.ts';
import { buildPerson } from '../server/customers/index/person-build.ts';
import { PgCustomerSearch } from '../server/storage/pg/search.ts';
import { insertIndexRows, type PgIndexRow } from '../server/storage/pg/index-writer.ts';
import { personUpstream } from '../test/helpers/customers-fixture.ts';
import { benchDir } from './lib/search-fixture.ts';
import { round, summarize } from './lib/stats.ts';
import type { BenchResult } from './lib/report.ts';
import { queryMix } from './search.ts';

const run = promisify(execFile);
const loadScript = fileURLToPath(new URL('./lib/search-load.ts', import.meta.url));

/**
 * Search on PostgreSQL at BENCH_CUSTOMERS (default 1,000,000) people: the sandbox's people
 * (server/sandbox/people.ts, as test/search.test.ts's fixture builds them: a Gigs user and
 * subscription, a Centra customer and contract) built by the index's own builder functions and
 * written through server/storage/pg/index-writer.ts into an embedded PostgreSQL 18 kept under
 * bench/data (or DATABASE_URL's server), loaded once and reused. Then the search bench's query mix
 * (bench/search.ts): latency of PgCustomerSearch over SQL, one query at a time, and over HTTP
 * through a bare node:http server in front of it (subdesk's routes do not run on PostgreSQL yet).
 */
export type SearchPgBenchOptions = { customers?: number; requests?: number; log?: (line: string) => void };

const BATCH = 5000;

/** The people's rows, a batch at a time, numbered from 1 (their seq). */
function* peopleRows(customers: number, now: string): Generator<PgIndexRow[]> {
  let seq = 0;
  let batch: PgIndexRow[] = [];
  for (let i = 0; i < customers; i++) {
    const { user, subscription, customer, contract } = personUpstream(i);
    const parts = new Map<string, StagedPart[]>();
    const add = (part: StagedPart | null) => {
      if (!part) return;
      const key = emailKey(part.e);
      parts.set(key, [...(parts.get(key) ?? []), part]);
    };
    if (user) add(userPart(user));
    if (subscription) add(subscriptionPart(subscription));
    if (customer) add(customerPart(customer));
    if (contract) add(contractPart(contract));
    for (const [key, list] of parts) {
      const built = buildPerson(key, list, undefined)!;
      batch.push({
        seq: ++seq,
        id: built.id,
        emailKey: key,
        gigs: built.gigs,
        centra: built.centra,
        columns: built.columns,
        keys: built.keys,
        subscriptions: built.subscriptions,
        updatedAt: now,
      });
    }
    if (batch.length >= BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** Loads the index unless this database already holds it; the trigram index is built once at the end (one sort, not a million inserts). */
async function ensureLoaded(db: PgDb, customers: number, log: (l: string) => void): Promise<void> {
  const { rows } = await db.$client.query<{ n: number; built: boolean }>(
    `SELECT (SELECT count(*) FROM customers) AS n, to_regclass('customers_search_trgm_idx') IS NOT NULL AS built`,
  );
  if (rows[0]!.n > 0 && rows[0]!.built) return log(`index already loaded: ${rows[0]!.n.toLocaleString('en-US')} rows`);
  await db.$client.query('TRUNCATE customers, customer_keys, indexed_subscriptions');
  await db.$client.query('DROP INDEX IF EXISTS customers_search_trgm_idx');
  const started = performance.now();
  const now = new Date().toISOString();
  let people = 0;
  for (const batch of peopleRows(customers, now)) {
    await insertIndexRows(db, batch);
    people += batch.length;
    if (people % 100_000 < BATCH) log(`loaded ${people.toLocaleString('en-US')} rows (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  const indexStarted = performance.now();
  await db.$client.query(`SET maintenance_work_mem = '1GB'`);
  await db.$client.query('CREATE INDEX customers_search_trgm_idx ON customers USING gin (search_text gin_trgm_ops)');
  await db.$client.query('VACUUM ANALYZE customers');
  await db.$client.query('VACUUM ANALYZE customer_keys');
  log(
    `loaded ${people.toLocaleString('en-US')} rows in ${((indexStarted - started) / 1000).toFixed(0)} s, trigram index in ${((performance.now() - indexStarted) / 1000).toFixed(0)} s`,
  );
}

async function serverFor(customers: number): Promise<{ url: string; stop(): Promise<void>; where: string }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {}, where: 'the server DATABASE_URL names' };
  // Measured read-only on data loaded once: a cache a dedicated database host would give, and no
  // fsync (it only slows the one-off load; no query here writes).
  const server: EmbeddedServer = await startEmbeddedPostgres({
    dataDir: join(benchDir(customers), 'postgres'),
    settings: { shared_buffers: '1GB', fsync: 'off' },
  });
  return { ...server, where: 'embedded PostgreSQL 18 (shared_buffers 1GB)' };
}

const listPath = (q: string) => `/api/customers?q=${encodeURIComponent(q)}`;

export async function runSearchPgBench(opts: SearchPgBenchOptions = {}): Promise<BenchResult> {
  const customers = opts.customers ?? Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
  const requests = opts.requests ?? Number(process.env.BENCH_REQUESTS ?? 2000);
  const log = opts.log ?? ((l: string) => console.error(l));
  const server = await serverFor(customers);
  const db = openPostgres(server.url, { max: 8, applicationName: 'subdesk bench' });
  const http = createServer();
  try {
    await migratePostgres(db);
    await ensureLoaded(db, customers, log);
    const search = new PgCustomerSearch(db);
    const ids = (
      await db.$client.query<{ key: string }>(
        `SELECT key FROM customer_keys WHERE key LIKE 'sub\\_%' OR key LIKE 'usr\\_%' OR key LIKE 'cus\\_%' OR key LIKE '89%' LIMIT 2000`,
      )
    ).rows.map((r) => r.key);
    const queries = queryMix(
      customers,
      ids.filter((_, i) => i % 10 === 0),
    );
    const ask = (q: string) => search.list({ filter: { q }, sort: { field: 'name', order: 'ASC' }, start: 0, limit: 25 });

    for (const q of queries) await ask(q); // warm-up: every query once
    const sqlMs: number[] = [];
    for (let i = 0; i < requests; i++) {
      const started = performance.now();
      await ask(queries[i % queries.length]!);
      sqlMs.push(performance.now() - started);
    }
    const sql = summarize(sqlMs);
    log(`over SQL: p50 ${sql.p50.toFixed(2)} ms, p95 ${sql.p95.toFixed(2)} ms, p99 ${sql.p99.toFixed(2)} ms (${sql.n} queries)`);

    http.on('request', (req, res) => {
      const q = new URL(req.url!, 'http://x').searchParams.get('q') ?? '';
      ask(q).then(
        (r) => {
          res.writeHead(200, { 'content-type': 'application/json', 'content-range': `customers 0-${r.rows.length - 1}/${r.total}` });
          res.end(JSON.stringify(r.rows));
        },
        () => {
          res.writeHead(500);
          res.end();
        },
      );
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const paths = queries.map(listPath);
    const load = async (concurrency: number, n: number) =>
      JSON.parse(
        (
          await run(process.execPath, ['--import', 'tsx', loadScript, JSON.stringify({ base, paths, concurrency, requests: n, seconds: 60 })], {
            maxBuffer: 64 * 2 ** 20,
          })
        ).stdout,
      ) as { latenciesMs: number[]; rps: number; errors: number };
    const one = await load(1, requests);
    const overHttp = summarize(one.latenciesMs);
    log(
      `over HTTP: p50 ${overHttp.p50.toFixed(2)} ms, p95 ${overHttp.p95.toFixed(2)} ms, p99 ${overHttp.p99.toFixed(2)} ms (${overHttp.n} requests, ${one.errors} errors)`,
    );
    const many = await load(8, requests * 2);
    log(`8 clients: ${many.rps.toFixed(0)} req/s, ${many.errors} errors`);
    return {
      bench: 'search-pg',
      setup: `${customers.toLocaleString('en-US')} customers on ${server.where}, ${queries.length} queries (the search bench's mix: e-mail, partial e-mail, name, name without accents, phone tail, formatted phone, ids)`,
      metrics: [
        { name: 'p50 over SQL', value: round(sql.p50), unit: 'ms' },
        { name: 'p95 over SQL', value: round(sql.p95), unit: 'ms', target: { op: '<=', value: 15 } },
        { name: 'p99 over SQL', value: round(sql.p99), unit: 'ms' },
        { name: 'p95 over HTTP (bare node:http in front)', value: round(overHttp.p95), unit: 'ms', target: { op: '<=', value: 15 } },
        { name: 'throughput at 8 clients over HTTP', value: round(many.rps, 0), unit: 'req/s' },
      ],
    };
  } finally {
    http.close();
    await closePostgres(db);
    await server.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await runSearchPgBench();
  console.log(JSON.stringify(r, null, 2));
  process.exit(0);
}

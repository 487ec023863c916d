import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { staff } from '../db/schema.ts';
import { openDatabase, type Db } from '../db/connection.ts';
import { hashPassword } from '../server/auth/password.ts';
import { sessionCookieName } from '../server/auth/cookie.ts';
import { SqliteCustomerSearch } from '../server/customers/store/sqlite-search.ts';
import { person } from '../server/sandbox/people.ts';
import { runCrawlBench } from './crawl.ts';
import { benchDir, startBenchServer } from './lib/search-fixture.ts';
import { round, summarize } from './lib/stats.ts';
import type { BenchResult } from './lib/report.ts';

const run = promisify(execFile);
const loadScript = fileURLToPath(new URL('./lib/search-load.ts', import.meta.url));

export type SearchBenchOptions = { customers?: number; requests?: number; seconds?: number; log?: (line: string) => void };

type Load = { latenciesMs: number[]; rps: number; errors: number };

/** GETs `paths` round-robin from the load generator's own process. */
export async function httpLoad(
  base: string,
  paths: string[],
  cookie: string | undefined,
  concurrency: number,
  requests: number,
  seconds: number,
): Promise<Load> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', loadScript, JSON.stringify({ base, paths, cookie, concurrency, requests, seconds })], {
    maxBuffer: 64 * 2 ** 20,
  });
  return JSON.parse(stdout) as Load;
}

/** The kind of each query of the mix, by its place in it (queryMix's `k % 8`). */
const QUERY_KINDS = ['whole e-mail', 'partial e-mail', 'name', 'name without accents', 'phone tail', 'formatted phone', 'id', 'id'] as const;
export const queryKind = (index: number) => QUERY_KINDS[index % QUERY_KINDS.length]!;

/** A mix of what agents type: e-mails (whole and partial), names (accents or not), phones, ids. */
export function queryMix(customers: number, ids: string[], count = 200): string[] {
  const out: string[] = [];
  for (let k = 0; out.length < count; k++) {
    const p = person(Math.floor(((k * 2654435761) >>> 0) % customers));
    const tail = p.phone.slice(-7);
    const kind = k % 8;
    if (kind === 0) out.push(p.email);
    else if (kind === 1) out.push(p.email.slice(0, p.email.indexOf('@') - 1));
    else if (kind === 2) out.push(p.fullName);
    else if (kind === 3)
      out.push(
        `${p.firstName
          .normalize('NFD')
          .replace(/[\u0300-\u036f]/g, '')
          .toLowerCase()} ${p.lastName.slice(0, 4)}`,
      );
    else if (kind === 4) out.push(`${tail.slice(0, 3)}-${tail.slice(3)}`);
    else if (kind === 5) out.push(p.phone.replace(/^(\+\d{2})(\d{2})(\d{3})/, '$1 $2 $3 '));
    else out.push(ids[k % ids.length]!);
  }
  return out;
}

/** The bench's queries on a crawled index: the mix, its ids taken from the index (the same on every run). */
export function searchBenchQueries(db: Db, customers: number): string[] {
  const ids = (
    db.$client.prepare(`SELECT key FROM customer_keys WHERE key GLOB 'sub_*' OR key GLOB 'usr_*' OR key GLOB 'cus_*' OR key GLOB '89*' LIMIT 2000`).all() as {
      key: string;
    }[]
  ).map((r) => r.key);
  return queryMix(
    customers,
    ids.filter((_, i) => i % 10 === 0),
  );
}

export const listPath = (q: string) =>
  `/api/customers?filter=${encodeURIComponent(JSON.stringify({ q }))}&range=${encodeURIComponent('[0,24]')}&sort=${encodeURIComponent('["name","ASC"]')}`;

/**
 * Search over HTTP on the crawled index: latency percentiles (1 client), throughput at 16 clients
 * against a bare node:http server running the same search on the same file (ratio), and the same
 * queries as a plain LIKE scan (the naive build). The load generator is its own process.
 */
export async function runSearchBench(opts: SearchBenchOptions = {}): Promise<BenchResult> {
  const customers = opts.customers ?? Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
  const requests = opts.requests ?? Number(process.env.BENCH_REQUESTS ?? 2000);
  const seconds = opts.seconds ?? 20;
  const log = opts.log ?? ((l: string) => console.error(l));
  const dir = benchDir(customers);
  if (!existsSync(join(dir, 'subdesk.db'))) {
    log('no crawled index for this size yet: running the crawl benchmark first');
    await runCrawlBench({ customers, log });
  }
  const server = await startBenchServer(dir, customers);
  const db = server.db;
  const now = new Date().toISOString();
  const member = db
    .insert(staff)
    .values({
      email: `bench.${Date.now()}@bench.subdesk`,
      role: 'support',
      passwordHash: await hashPassword('bench password 2026 long'),
      mustChangePassword: false,
      disabled: false,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
  const { token } = await server.built.deps.auth.sessions.create(member.id, { ip: '127.0.0.1', userAgent: 'bench' });
  const cookie = `${sessionCookieName(server.built.deps.config)}=${token}`;

  const queries = searchBenchQueries(db, customers);
  const paths = queries.map(listPath);

  // The floor: node:http answering the same search, same file, no framework, no auth, no audit.
  const bareDb = openDatabase(join(dir, 'subdesk.db'), { migrate: false });
  const bareSearch = new SqliteCustomerSearch(bareDb);
  const bare = createServer((req, res) => {
    const u = new URL(req.url!, 'http://x');
    const filter = JSON.parse(u.searchParams.get('filter') ?? '{}') as { q?: string };
    const r = bareSearch.list({ filter, sort: { field: 'name', order: 'ASC' }, start: 0, limit: 25 });
    res.writeHead(200, { 'content-type': 'application/json', 'content-range': `customers 0-${r.rows.length - 1}/${r.total}` });
    res.end(JSON.stringify(r.rows));
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', () => r()));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;

  await httpLoad(server.url, paths, cookie, 4, 400, 10); // warm-up
  const latency = await httpLoad(server.url, paths, cookie, 1, requests, seconds);
  const s = summarize(latency.latenciesMs);
  log(`latency over HTTP: p50 ${s.p50.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms (${s.n} requests, ${latency.errors} errors)`);
  const subdesk16 = await httpLoad(server.url, paths, cookie, 16, requests * 2, seconds);
  const bare16 = await httpLoad(bareUrl, paths, undefined, 16, requests * 2, seconds);
  log(`16 clients: subdesk ${subdesk16.rps.toFixed(0)} req/s, bare node:http ${bare16.rps.toFixed(0)} req/s`);

  // The naive build: LIKE over the same table, same queries (a handful: each scans every row).
  const like = db.$client.prepare(`SELECT seq FROM customers WHERE name LIKE @p OR email_key LIKE @p OR phones LIKE @p OR search_keys LIKE @p LIMIT 25`);
  const likeMs: number[] = [];
  const ftsMs: number[] = [];
  const search = new SqliteCustomerSearch(db);
  for (const q of queries.slice(0, 16)) {
    let t = performance.now();
    like.all({ p: `%${q.toLowerCase()}%` });
    likeMs.push(performance.now() - t);
    t = performance.now();
    search.list({ filter: { q }, sort: { field: 'name', order: 'ASC' }, start: 0, limit: 25 });
    ftsMs.push(performance.now() - t);
  }
  const likeMedian = summarize(likeMs).p50;
  const ftsMedian = summarize(ftsMs).p50;
  bare.close();
  bareDb.$client.close();
  await server.close();
  return {
    bench: 'search',
    setup: `${customers.toLocaleString('en-US')} customers, ${queries.length} queries (e-mail, partial e-mail, name, name without accents, phone tail, formatted phone, ids)`,
    metrics: [
      { name: 'p50 over HTTP', value: round(s.p50), unit: 'ms' },
      { name: 'p95 over HTTP', value: round(s.p95), unit: 'ms', target: { op: '<=', value: 15 } },
      { name: 'p99 over HTTP', value: round(s.p99), unit: 'ms' },
      { name: 'throughput at 16 clients', value: round(subdesk16.rps, 0), unit: 'req/s' },
      { name: 'throughput vs bare node:http', value: round(subdesk16.rps / bare16.rps), unit: 'x', target: { op: '>=', value: 0.5 } },
      {
        name: 'plain LIKE scan vs index (median query time ratio)',
        value: round(likeMedian / Math.max(ftsMedian, 0.001), 0),
        unit: 'x slower',
        note: `LIKE median ${likeMedian.toFixed(1)} ms, index ${ftsMedian.toFixed(2)} ms`,
      },
    ],
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await runSearchBench();
  console.log(JSON.stringify(r, null, 2));
  process.exit(0);
}

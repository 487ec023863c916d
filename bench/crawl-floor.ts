import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import Database from 'better-sqlite3';
import { parseCrawlPage } from '../server/customers/crawl/crawl-pages.ts';
import { columnsOf } from '../server/customers/index/person-build.ts';
import { benchDir } from './lib/search-fixture.ts';
import { startCrawlUpstream } from './lib/crawl-upstream.ts';
import { walkAllLists } from './lib/list-walk.ts';
import { round } from './lib/stats.ts';
import type { BenchResult } from './lib/report.ts';

const TARGET_PER_SECOND = 20_000;
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1e6;
};

/**
 * What a full crawl cannot do without, each step measured alone at its cheapest, against the CPU
 * the machine has in the time the crawl target allows (cores × customers / 20,000 per second):
 * 1. reading every page of the four lists, nothing parsed (the upstream's CPU and subdesk's HTTP);
 * 2. checking the pages as the crawl must (JSON.parse, the crawl's lean zod schemas, the parts);
 * 3. deriving each person's columns, search text and keys (columnsOf, on the crawled facts);
 * 4. writing the index in plain SQL into an empty file (no journal, no fsync): rows without
 *    the facts JSON, the trigram index, the exact keys sorted, the subscriptions and the indexes
 *    the product's queries use.
 * Steps 3 and 4 read the index the crawl benchmark wrote (`npm run bench -- crawl` first).
 * Not counted, though a crawl needs them: merging parts into people, staging for resumability, GC.
 */
export async function runCrawlFloorBench(): Promise<BenchResult> {
  const customers = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
  const log = (l: string) => console.error(l);
  const dir = benchDir(customers);
  const indexPath = join(dir, 'subdesk.db');
  if (!existsSync(indexPath)) throw new Error(`no crawled index in ${dir}: run \`npm run bench -- crawl\` (same BENCH_CUSTOMERS) first`);
  const upstream = await startCrawlUpstream(join(dir, 'sandbox.db'), customers, Number(process.env.BENCH_UPSTREAM_PORT ?? 3962));
  const settle = () => new Promise((r) => setTimeout(r, 600)); // the upstream reports its CPU every 500 ms

  // Warm the upstream's page cache first: the crawl benchmark reads a warm file too.
  await walkAllLists(upstream);
  await settle();
  const upstreamBefore = upstream.cpuSeconds();
  const cpu = process.cpuUsage();
  const t = performance.now();
  const walked = await walkAllLists(upstream);
  const readWall = (performance.now() - t) / 1000;
  const readCpu = cpuSeconds(cpu);
  await settle();
  const upstreamCpu = upstream.cpuSeconds() - upstreamBefore;
  log(
    `  1. read ${(walked.bytes / 1e9).toFixed(2)} GB (${JSON.stringify(walked.items)}) in ${readWall.toFixed(1)} s: upstream ${upstreamCpu.toFixed(1)} s CPU, subdesk ${readCpu.toFixed(1)} s`,
  );

  let checking = 0;
  let parsing = 0;
  await walkAllLists(upstream, (list, body) => {
    let started = performance.now();
    JSON.parse(body);
    parsing += performance.now() - started;
    started = performance.now();
    parseCrawlPage(list, body);
    checking += performance.now() - started;
  });
  await upstream.stop();
  checking /= 1000;
  parsing /= 1000;
  log(`  2. checking the pages: ${checking.toFixed(1)} s (JSON.parse alone ${parsing.toFixed(1)} s)`);

  const index = new Database(indexPath, { readonly: true });
  const people = index.prepare('SELECT seq, id, email_key AS key, gigs, centra FROM customers WHERE seq > ? ORDER BY seq LIMIT 20000');
  let deriving = 0;
  let derived = 0;
  for (let after = 0; ; ) {
    const rows = people.all(after) as { seq: number; id: string; key: string; gigs: string | null; centra: string | null }[];
    if (!rows.length) break;
    after = rows.at(-1)!.seq;
    const facts = rows.map((r) => ({ ...r, gigs: r.gigs ? JSON.parse(r.gigs) : null, centra: r.centra ? JSON.parse(r.centra) : null }));
    const started = performance.now();
    for (const f of facts) columnsOf(f.id, f.key, f.gigs, f.centra);
    deriving += performance.now() - started;
    derived += rows.length;
  }
  index.close();
  deriving /= 1000;
  log(`  3. deriving ${derived.toLocaleString('en-US')} people: ${deriving.toFixed(1)} s`);

  const writing = writeLeanIndex(indexPath, join(dir, 'floor.db'), log);
  const total = upstreamCpu + readCpu + checking + deriving + writing;
  const budget = (os.cpus().length * customers) / TARGET_PER_SECOND;
  log(`  sum ${total.toFixed(1)} s of CPU; ${budget.toFixed(0)} s to spend at ${TARGET_PER_SECOND.toLocaleString('en-US')}/s`);
  return {
    bench: 'crawl-floor',
    setup: `the least a full crawl of ${customers.toLocaleString('en-US')} customers costs, step by step (${(walked.bytes / 1e9).toFixed(2)} GB read), against the CPU ${os.cpus().length} cores have at ${TARGET_PER_SECOND.toLocaleString('en-US')} customers/s`,
    metrics: [
      { name: '1. reading every page, nothing parsed: wall time', value: round(readWall, 1), unit: 's' },
      { name: '   upstream CPU (emulators serving the pages)', value: round(upstreamCpu, 1), unit: 's' },
      { name: '   subdesk CPU (HTTP only)', value: round(readCpu, 1), unit: 's' },
      { name: '2. checking the pages (JSON.parse, lean zod schemas, parts): CPU', value: round(checking, 1), unit: 's' },
      { name: '   of which JSON.parse alone', value: round(parsing, 1), unit: 's' },
      { name: "3. deriving each person's columns and keys: CPU", value: round(deriving, 1), unit: 's' },
      { name: '4. writing the index in plain SQL, no journal: CPU', value: round(writing, 1), unit: 's' },
      { name: 'sum of the four (both processes)', value: round(total, 1), unit: 's' },
      { name: `CPU the machine has in ${round(customers / TARGET_PER_SECOND, 0)} s (cores x time at the target)`, value: round(budget, 0), unit: 's' },
      { name: 'sum / CPU available', value: round(total / budget, 2), unit: 'x' },
    ],
  };
}

/** Step 4: the crawled index copied into an empty file in its leanest shape. Returns CPU seconds. */
function writeLeanIndex(source: string, scratch: string, log: (l: string) => void): number {
  const files = ['', '-wal', '-shm', '-journal'].map((s) => scratch + s);
  for (const f of files) rmSync(f, { force: true });
  const db = new Database(scratch);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec(`ATTACH '${source.replaceAll("'", "''")}' AS src`);
    db.exec(`
      CREATE TABLE customers(seq INTEGER PRIMARY KEY, id TEXT NOT NULL, email_key TEXT NOT NULL, name TEXT, name_sort TEXT, email TEXT, emails TEXT, phones TEXT, countries TEXT,
        gigs_user_id TEXT, centra_customer_id TEXT, in_gigs INT, in_centra INT, gigs_live INT, centra_live INT, search_text TEXT);
      CREATE VIRTUAL TABLE customers_fts USING fts5(search_text, content='customers', content_rowid='seq', tokenize='trigram remove_diacritics 1');
      CREATE TABLE customer_keys(key TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY(key, seq)) WITHOUT ROWID;
      CREATE TABLE indexed_subscriptions(system TEXT NOT NULL, id TEXT NOT NULL, customer_seq INT NOT NULL, plan_id TEXT, status TEXT NOT NULL, discount REAL, item TEXT, created_at TEXT, canceled_at TEXT);
      -- The keys as a build makes them, person by person (not timed): the write must sort them.
      CREATE TABLE keys_by_person AS SELECT key, seq FROM src.customer_keys ORDER BY seq;`);
    const steps: [string, string][] = [
      [
        'rows',
        'INSERT INTO customers SELECT seq, id, email_key, name, name_sort, email, emails, phones, countries, gigs_user_id, centra_customer_id, in_gigs, in_centra, gigs_live, centra_live, search_text FROM src.customers ORDER BY seq',
      ],
      ['trigram index', 'INSERT INTO customers_fts(rowid, search_text) SELECT seq, search_text FROM customers WHERE search_text IS NOT NULL'],
      ['keys, sorted', 'INSERT INTO customer_keys SELECT key, seq FROM keys_by_person ORDER BY key, seq'],
      [
        'subscriptions',
        'INSERT INTO indexed_subscriptions SELECT system, id, customer_seq, plan_id, status, discount, item, created_at, canceled_at FROM src.indexed_subscriptions',
      ],
      [
        'indexes',
        `CREATE UNIQUE INDEX customers_email_key ON customers(email_key);
        CREATE UNIQUE INDEX customers_id ON customers(id);
        CREATE INDEX customers_name_sort ON customers(name_sort);
        CREATE UNIQUE INDEX subscriptions_id ON indexed_subscriptions(system, id);
        CREATE INDEX subscriptions_plan ON indexed_subscriptions(system, plan_id, status, discount);
        CREATE INDEX subscriptions_customer ON indexed_subscriptions(customer_seq);
        CREATE INDEX subscriptions_created ON indexed_subscriptions(system, created_at);
        CREATE INDEX subscriptions_canceled ON indexed_subscriptions(system, canceled_at) WHERE canceled_at IS NOT NULL`,
      ],
    ];
    let total = 0;
    for (const [name, sql] of steps) {
      const cpu = process.cpuUsage();
      db.exec(`BEGIN; ${sql}; COMMIT;`);
      const spent = cpuSeconds(cpu);
      total += spent;
      log(`  4. ${name}: ${spent.toFixed(1)} s`);
    }
    return total;
  } finally {
    db.close();
    for (const f of files) rmSync(f, { force: true });
  }
}

import { BENCH_SIGN_IN_ENV } from './lib/product.ts';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../db/connection.ts';
import { createLogger } from '../server/logger.ts';
import { buildDeps } from '../server/bootstrap.ts';
import { benchDir, dbFiles } from './lib/search-fixture.ts';
import { startCrawlUpstream } from './lib/crawl-upstream.ts';
import { round } from './lib/stats.ts';
import type { BenchResult } from './lib/report.ts';

export type CrawlBenchOptions = { customers?: number; port?: number; log?: (line: string) => void };

/** The cached sandbox file is reused only when it was seeded with exactly this many customers. */
export function seededSize(path: string): number | null {
  if (!existsSync(path)) return null;
  try {
    const db = new Database(path, { readonly: true });
    const row = db.prepare("SELECT value FROM sandbox_meta WHERE key = 'seededCustomers'").get() as { value: string } | undefined;
    db.close();
    return row ? Number(row.value) : null;
  } catch {
    return null;
  }
}

/**
 * A full crawl of the sandbox into an empty index: customers per second, peak RSS and the index's
 * size on disk. The sandbox is seeded once per size and kept in bench/data (seeding a million
 * takes minutes; the search benchmark reuses the crawled index). The emulators run in their own
 * process, as the real upstreams would; subdesk's crawl runs as in production (same client,
 * transport, store and database settings), and its time includes waiting for the upstream.
 */
export async function runCrawlBench(opts: CrawlBenchOptions = {}): Promise<BenchResult> {
  const customers = opts.customers ?? Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
  const log = opts.log ?? ((l: string) => console.error(l));
  const dir = benchDir(customers);
  mkdirSync(dir, { recursive: true });
  const sandboxPath = join(dir, 'sandbox.db');
  if (seededSize(sandboxPath) !== customers) {
    for (const s of ['', '-wal', '-shm']) rmSync(sandboxPath + s, { force: true });
    log(`seeding the sandbox with ${customers.toLocaleString('en-US')} customers (minutes at a million; kept in ${dir})`);
  }
  let t = Date.now();
  const upstream = await startCrawlUpstream(sandboxPath, customers, opts.port ?? Number(process.env.BENCH_UPSTREAM_PORT ?? 3961));
  log(`upstream ready (${customers.toLocaleString('en-US')} customers) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const dbPath = join(dir, 'subdesk.db');
  for (const s of ['', '-wal', '-shm']) rmSync(dbPath + s, { force: true });

  const { url, credentials: c } = upstream;
  const config = loadConfig({
    PORT: '0',
    DATABASE_PATH: dbPath,
    ...BENCH_SIGN_IN_ENV,
    SYNC_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'silent',
    UPSTREAM_TIMEOUT_MS: '60000',
    GIGS_API_URL: `${url}/sandbox/gigs`,
    GIGS_PROJECT: c.gigsProject,
    GIGS_API_KEY: c.gigsApiKey,
    CENTRA_SHOP_API_URL: `${url}/sandbox/centra/api/shop`,
    CENTRA_ORDER_API_URL: `${url}/sandbox/centra/api/order`,
    CENTRA_API_KEY: c.centraApiKey,
    CENTRA_INTEGRATION_API_URL: `${url}/sandbox/centra/graphql`,
    CENTRA_INTEGRATION_API_TOKEN: c.centraApiKey,
    // The crawl's own cost, with no rate budget in the way (bench/budget.ts measures the budgets).
    CENTRA_REQUESTS_PER_10S: '10000',
    GIGS_REQUESTS_PER_SECOND: '10000',
    BACKGROUND_SHARE: '1',
  });
  const db = openDatabase(config.DATABASE_PATH);
  const built = await buildDeps({ config, database: { kind: 'sqlite', db }, logger: createLogger('silent'), localPort: 0 });
  let peakRss = process.memoryUsage().rss;
  // How long requests would wait behind the crawl: subdesk serves them on this same event loop.
  // Measured with a 10 ms ticker (monitorEventLoopDelay missed the long SQLite statements).
  const blocks: number[] = [];
  let lastTick = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    blocks.push(now - lastTick - 10);
    lastTick = now;
  }, 10);
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  t = Date.now();
  const cpuBefore = process.cpuUsage();
  const upstreamCpuBefore = upstream.cpuSeconds();
  let lastLog = 0;
  const phaseEnds: Record<string, number> = {};
  const run = await built.deps.customers.crawler.run('full', (p) => {
    phaseEnds[p.phase] = Date.now() - t;
    if (Date.now() - lastLog > 5000) {
      lastLog = Date.now();
      log(
        `  ${p.phase} ${p.items.toLocaleString('en-US')} (${((Date.now() - t) / 1000).toFixed(0)} s, RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB)`,
      );
    }
  });
  const secs = (Date.now() - t) / 1000;
  // The crawl's last statement blocks until it resolves: let the ticker see that block too.
  await new Promise((r) => setTimeout(r, 30));
  clearInterval(ticker);
  const longest = Math.max(0, ...blocks);
  const blockedOver100 = blocks.filter((b) => b > 100).reduce((a, b) => a + b, 0);
  const cpu = process.cpuUsage(cpuBefore);
  const upstreamCpu = upstream.cpuSeconds() - upstreamCpuBefore;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  log(
    `  last progress per phase (s): ${Object.entries(phaseEnds)
      .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`)
      .join(', ')}`,
  );
  const lastPage = Math.max(
    ...Object.entries(phaseEnds)
      .filter(([k]) => k !== 'build')
      .map(([, v]) => v),
  );
  log(`  reading the upstreams ${(lastPage / 1000).toFixed(1)} s, then building the index ${(secs - lastPage / 1000).toFixed(1)} s`);
  // What every later crawl costs (each SYNC_INTERVAL_SECONDS): nothing changed upstream, but Gigs
  // has no "changed since" filter, so all of it is read again; Centra only what changed.
  const incrementalCpuBefore = process.cpuUsage();
  const incrementalUpstreamCpu = upstream.cpuSeconds();
  const incrementalStart = Date.now();
  const incremental = await built.deps.customers.crawler.run('incremental');
  const incrementalSecs = (Date.now() - incrementalStart) / 1000;
  const incrementalCpu = process.cpuUsage(incrementalCpuBefore);
  const incrementalUpstream = upstream.cpuSeconds() - incrementalUpstreamCpu;
  log(`  an incremental crawl after it: ${incrementalSecs.toFixed(1)} s, ${incremental.counts.built ?? 0} rows written`);
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  const size = dbFiles(dbPath);
  const pageSize = db.$client.pragma('page_size', { simple: true }) as number;
  const free = (db.$client.pragma('freelist_count', { simple: true }) as number) * pageSize;
  await built.stop();
  db.$client.close();
  const upstreamRss = upstream.peakRss();
  await upstream.stop();
  if (run.status !== 'succeeded') throw new Error(`crawl ${run.status}: ${JSON.stringify(run.errors)}`);
  if (incremental.status !== 'succeeded') throw new Error(`incremental crawl ${incremental.status}: ${JSON.stringify(incremental.errors)}`);
  const indexed = run.counts.built ?? 0;
  return {
    bench: 'crawl',
    setup: `full crawl of ${customers.toLocaleString('en-US')} sandbox customers (emulators in their own process), ${indexed.toLocaleString('en-US')} indexed in ${secs.toFixed(1)} s`,
    metrics: [
      // No target: against real upstreams the merchant's rate limit decides (bench/budget.ts).
      { name: 'customers per second', value: round(indexed / secs, 0), unit: '/s' },
      { name: 'reading both upstreams (to the last page staged)', value: round(lastPage / 1000, 1), unit: 's' },
      { name: 'building the index (after the last page)', value: round(secs - lastPage / 1000, 1), unit: 's' },
      // How much of the wall time subdesk itself was busy (the rest: waiting for the upstream, or the disk).
      { name: 'event loop blocked, longest (a request waits that long)', value: round(longest / 1000, 1), unit: 's' },
      { name: 'event loop blocked in stretches over 100 ms, in all', value: round(blockedOver100 / 1000, 1), unit: 's' },
      { name: 'subdesk CPU time (user + system)', value: round((cpu.user + cpu.system) / 1e6, 1), unit: 's' },
      { name: 'upstream CPU time (emulators serving the crawl)', value: round(upstreamCpu, 1), unit: 's' },
      ...floorRatio((cpu.user + cpu.system) / 1e6 + upstreamCpu, customers),
      { name: 'peak RSS (subdesk)', value: round(peakRss / 2 ** 20, 0), unit: 'MiB' },
      { name: 'peak RSS (upstream process)', value: round(upstreamRss / 2 ** 20, 0), unit: 'MiB' },
      { name: 'a later (incremental) crawl, nothing changed: duration', value: round(incrementalSecs, 1), unit: 's' },
      { name: 'a later (incremental) crawl: subdesk CPU time', value: round((incrementalCpu.user + incrementalCpu.system) / 1e6, 1), unit: 's' },
      { name: 'a later (incremental) crawl: upstream CPU time', value: round(incrementalUpstream, 1), unit: 's' },
      { name: 'index size on disk (whole subdesk.db)', value: round(size / 2 ** 20, 1), unit: 'MiB' },
      { name: '  of which free pages (the emptied crawl stage, reused next crawl)', value: round(free / 2 ** 20, 1), unit: 'MiB' },
    ],
  };
}

/**
 * The crawl's CPU (both processes) against the least each step costs, as `crawl-floor` measured
 * it for the same size (bench/results.json): how far the crawl is from its floor. The aim is 1.5.
 */
function floorRatio(cpuSeconds: number, customers: number) {
  const file = fileURLToPath(new URL('./results.json', import.meta.url));
  if (!existsSync(file)) return [];
  const floor = (JSON.parse(readFileSync(file, 'utf8')) as { results: Record<string, { setup: string; metrics: { name: string; value: number }[] }> }).results[
    'crawl-floor'
  ];
  const sum = floor?.metrics.find((m) => m.name.startsWith('sum of the four'))?.value;
  if (!sum || !floor!.setup.includes(customers.toLocaleString('en-US'))) return [];
  return [{ name: 'crawl CPU (both processes) / crawl-floor sum', value: round(cpuSeconds / sum, 2), unit: 'x', note: 'aim 1.5' }];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await runCrawlBench();
  console.log(JSON.stringify(r, null, 2));
  process.exit(0);
}

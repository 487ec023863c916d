import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSandbox } from '../server/sandbox/index.ts';
import { customersOf } from '../server/customers/service.ts';
import { benchDir, dbFiles, startBenchServer } from './lib/search-fixture.ts';
import { round } from './lib/stats.ts';
import type { BenchResult } from './lib/report.ts';

export type CrawlBenchOptions = { customers?: number; log?: (line: string) => void };

/**
 * A full crawl of the sandbox into an empty index: customers per second, peak RSS and the index's
 * size on disk. The sandbox is seeded once per size and kept in bench/data (the search benchmark
 * reuses the crawled index). The emulators run in the same process as the crawler, as in
 * sandbox mode, so their work is included in the time: a pessimistic figure.
 */
export async function runCrawlBench(opts: CrawlBenchOptions = {}): Promise<BenchResult> {
  const customers = opts.customers ?? Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
  const log = opts.log ?? ((l: string) => console.error(l));
  const dir = benchDir(customers);
  mkdirSync(dir, { recursive: true });
  const sandboxPath = join(dir, 'sandbox.db');
  let t = Date.now();
  createSandbox({ dbPath: sandboxPath, customers, publicUrl: 'http://127.0.0.1' }).close();
  log(`sandbox ready (${customers.toLocaleString('en-US')} customers) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  for (const s of ['', '-wal', '-shm']) rmSync(join(dir, 'subdesk.db') + s, { force: true });

  const server = await startBenchServer(dir, customers);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  t = Date.now();
  let lastLog = 0;
  const run = await customersOf(server.built.deps).crawler.run('full', (p) => {
    if (Date.now() - lastLog > 5000) {
      lastLog = Date.now();
      log(`  ${p.phase} ${p.items.toLocaleString('en-US')} (${((Date.now() - t) / 1000).toFixed(0)} s)`);
    }
  });
  const secs = (Date.now() - t) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  server.db.$client.pragma('wal_checkpoint(TRUNCATE)');
  const size = dbFiles(join(dir, 'subdesk.db'));
  await server.close();
  if (run.status !== 'succeeded') throw new Error(`crawl ${run.status}: ${JSON.stringify(run.errors)}`);
  const indexed = run.counts.built ?? 0;
  return {
    bench: 'crawl',
    setup: `full crawl of ${customers.toLocaleString('en-US')} sandbox customers (emulators in-process), ${indexed.toLocaleString('en-US')} indexed in ${secs.toFixed(1)} s`,
    metrics: [
      { name: 'customers per second', value: round(indexed / secs, 0), unit: '/s', target: { op: '>=', value: 20_000 } },
      { name: 'peak RSS', value: round(peakRss / 2 ** 20, 0), unit: 'MiB' },
      { name: 'index size on disk (whole subdesk.db)', value: round(size / 2 ** 20, 1), unit: 'MiB' },
    ],
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await runCrawlBench();
  console.log(JSON.stringify(r, null, 2));
  process.exit(0);
}

import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../db/connection.ts';
import { createLogger } from '../server/logger.ts';
import { buildDeps, type Built } from '../server/bootstrap.ts';
import { createApp } from '../server/app.ts';
import { customerIdFor, emailKey } from '../server/customers/normalise.ts';
import { person } from '../server/sandbox/people.ts';
import { loginAs } from '../test/helpers/auth.ts';
import { benchDir } from './lib/search-fixture.ts';
import { startCrawlUpstream, type CrawlUpstream } from './lib/crawl-upstream.ts';
import { percentile, round } from './lib/stats.ts';
import type { BenchResult } from './lib/report.ts';
import { sqliteOf } from '../test/helpers/engines.ts';

/** The merchant's Centra limit the sandbox enforces, and subdesk's budget under it (the figures). */
const SANDBOX_CENTRA_PER_10S = 60;
const CENTRA_BUDGET_PER_10S = 50;
/** How long the Shop API walk is watched: long enough for a steady rate (a whole pass takes hours). */
const WALK_SECONDS = Number(process.env.BENCH_WALK_SECONDS ?? 120);
const PAGES_DURING_CRAWL = 20;

type CentraStats = { rateLimited: number };

async function upstreamStats(upstream: CrawlUpstream): Promise<CentraStats> {
  const res = await fetch(`${upstream.url}/sandbox/centra/_sandbox/stats`, { headers: { 'api-authorization': upstream.credentials.centraApiKey } });
  return ((await res.json()) as { stats: CentraStats }).stats;
}

function subdeskConfig(dir: string, upstream: CrawlUpstream, withIntegration: boolean) {
  const { url, credentials: c } = upstream;
  return loadConfig({
    PORT: '0',
    DATABASE_PATH: join(dir, 'subdesk.db'),
    SYNC_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'silent',
    UPSTREAM_TIMEOUT_MS: '10000',
    GIGS_API_URL: `${url}/sandbox/gigs`,
    GIGS_PROJECT: c.gigsProject,
    GIGS_API_KEY: c.gigsApiKey,
    CENTRA_SHOP_API_URL: `${url}/sandbox/centra/api/shop`,
    CENTRA_ORDER_API_URL: `${url}/sandbox/centra/api/order`,
    CENTRA_API_KEY: c.centraApiKey,
    ...(withIntegration ? { CENTRA_INTEGRATION_API_URL: `${url}/sandbox/centra/graphql`, CENTRA_INTEGRATION_API_TOKEN: c.centraApiKey } : {}),
    CENTRA_REQUESTS_PER_10S: String(CENTRA_BUDGET_PER_10S),
  });
}

async function start(dir: string, upstream: CrawlUpstream, withIntegration: boolean): Promise<Built> {
  const config = subdeskConfig(dir, upstream, withIntegration);
  return buildDeps({ config, database: { kind: 'sqlite', db: openDatabase(config.DATABASE_PATH) }, logger: createLogger('silent'), localPort: 0 });
}

/**
 * The rate budgets against a sandbox that enforces the merchant's limit (Centra 60 requests per
 * 10 s, 429 with Retry-After beyond): subdesk's Centra budget at 50, the default background share
 * (half of it for crawls). Measured: 429s (none expected), the crawl's Centra request rate against
 * its share of the budget, its time against the least that share allows, and 20 customer pages
 * opened one after another meanwhile (staff first). Then the Shop API way: the requests it needs
 * and the rate the contract walk keeps, watched for BENCH_WALK_SECONDS.
 */
export async function runBudgetBench(): Promise<BenchResult> {
  const customers = Number(process.env.BENCH_BUDGET_CUSTOMERS ?? process.env.BENCH_CUSTOMERS ?? 100_000);
  const log = (l: string) => console.error(l);
  const dir = join(benchDir(customers), 'budget');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const upstream = await startCrawlUpstream(join(benchDir(customers), 'sandbox.db'), customers, Number(process.env.BENCH_UPSTREAM_PORT ?? 3962), {
    SANDBOX_CENTRA_REQUESTS_PER_10S: String(SANDBOX_CENTRA_PER_10S),
  });
  try {
    // 1. An index to open customers from: a first crawl (its figures are not the point).
    let built = await start(dir, upstream, true);
    log(`first crawl of ${customers.toLocaleString('en-US')} customers (fills the index the pages are opened from)`);
    await built.deps.customers.crawler.run('full');

    // 2. The measured full crawl, with customer pages opened meanwhile.
    const budget = built.deps.centra.opts.budget!;
    const share = built.deps.config.BACKGROUND_SHARE;
    const crawlRate = (CENTRA_BUDGET_PER_10S / 10) * share;
    const before = { stats: await upstreamStats(upstream), granted: budget.stats().granted };
    const app = createApp(built.deps);
    const cookie = await loginAs(built, 'support');
    const t0 = performance.now();
    const crawl = built.deps.customers.crawler.run('full');
    const pageTimes: number[] = [];
    await new Promise((r) => setTimeout(r, 5_000));
    for (let i = 0; i < PAGES_DURING_CRAWL; i++) {
      const id = customerIdFor(emailKey(person(i * 37).email));
      const t = performance.now();
      const res = await app.request(`/api/customers/${id}`, { headers: { cookie } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`customer page answered ${res.status}`);
      pageTimes.push(performance.now() - t);
    }
    const run = await crawl;
    const seconds = (performance.now() - t0) / 1000;
    const after = { stats: await upstreamStats(upstream), granted: budget.stats().granted };
    const background = after.granted.background - before.granted.background;
    const staff = after.granted.staff - before.granted.staff;
    if (run.status !== 'succeeded') throw new Error(`crawl ${run.status}: ${JSON.stringify(run.errors)}`);
    log(`crawl: ${background} background and ${staff} staff Centra requests in ${seconds.toFixed(0)} s; pages p95 ${round(percentile(pageTimes, 95), 0)} ms`);
    await built.stop();
    sqliteOf(built.deps).$client.close();

    // 3. The Shop API way: the same index, no Integration API; the walk's rate over a while.
    built = await start(dir, upstream, false);
    const { contractWalk } = built.deps.customers;
    const walkBefore = { stats: await upstreamStats(upstream), granted: built.deps.centra.opts.budget!.stats().granted.background };
    await contractWalk.startPass();
    const total = (await contractWalk.progress()).total;
    await new Promise((r) => setTimeout(r, WALK_SECONDS * 1000));
    const walked = (await contractWalk.progress()).done;
    const walkRequests = built.deps.centra.opts.budget!.stats().granted.background - walkBefore.granted;
    const walkAfter = await upstreamStats(upstream);
    await built.stop();
    sqliteOf(built.deps).$client.close();
    const orderPages = Math.ceil(total / 1000);
    const shopNeeded = total + orderPages;
    const walkRate = walkRequests / WALK_SECONDS;
    log(
      `Shop API walk: ${walked} customers in ${WALK_SECONDS} s (${walkRate.toFixed(2)} requests/s); a pass needs ${shopNeeded.toLocaleString('en-US')} requests`,
    );

    return {
      bench: 'budget',
      setup: `${customers.toLocaleString('en-US')} sandbox customers; the sandbox limits Centra to ${SANDBOX_CENTRA_PER_10S} requests per 10 s (429 beyond); subdesk's Centra budget ${CENTRA_BUDGET_PER_10S} per 10 s, background share ${share} (crawls ${crawlRate} requests/s); Shop API walk watched ${WALK_SECONDS} s`,
      metrics: [
        { name: '429s from Centra during the crawl', value: after.stats.rateLimited - before.stats.rateLimited, unit: '', target: { op: '<=', value: 0 } },
        { name: 'full crawl (Integration API): Centra requests', value: background, unit: '' },
        { name: 'full crawl: duration', value: round(seconds, 1), unit: 's' },
        { name: 'full crawl: least the budget allows (requests / crawl share)', value: round(background / crawlRate, 1), unit: 's' },
        {
          name: 'full crawl: Centra request rate / its share of the budget',
          value: round(background / seconds / crawlRate, 3),
          unit: 'x',
          target: { op: '>=', value: 0.95 },
        },
        {
          name: `customer pages during the crawl (${PAGES_DURING_CRAWL}, one after another): p95`,
          value: round(percentile(pageTimes, 95), 0),
          unit: 'ms',
          target: { op: '<=', value: 1500 },
        },
        { name: 'Shop API way: requests a full pass needs (one per Centra customer, plus the Order API list)', value: shopNeeded, unit: '' },
        { name: 'Shop API way: least time the budget allows for them', value: round(shopNeeded / crawlRate / 3600, 1), unit: 'h' },
        {
          name: "Shop API way: the walk's request rate / its share of the budget",
          value: round(walkRate / crawlRate, 3),
          unit: 'x',
          target: { op: '>=', value: 0.95 },
        },
        { name: 'Shop API way: 429s from Centra', value: walkAfter.rateLimited - walkBefore.stats.rateLimited, unit: '', target: { op: '<=', value: 0 } },
      ],
    };
  } finally {
    await upstream.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await runBudgetBench();
  console.log(JSON.stringify(r, null, 2));
  process.exit(0);
}

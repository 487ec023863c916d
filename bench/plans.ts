import { fileURLToPath } from 'node:url';
import { staff } from '../db/schema.ts';
import { hashPassword } from '../server/auth/password.ts';
import { sessionCookieName } from '../server/auth/cookie.ts';
import { generatePlansIndex, plansBenchDir } from './lib/plans-generate.ts';
import { startBenchServer } from './lib/search-fixture.ts';
import { round, summarize } from './lib/stats.ts';
import type { BenchResult, Metric } from './lib/report.ts';
import { sqliteOf } from '../test/helpers/engines.ts';

export type PlansBenchOptions = {
  /** Customers in the synthetic index (about 3 subscriptions each). Default BENCH_CUSTOMERS or 1,000,000. */
  customers?: number;
  /** Requests per endpoint. */
  requests?: number;
  log?: (line: string) => void;
};

const enc = (v: unknown) => encodeURIComponent(JSON.stringify(v));

/** Every page of the plans area as the SPA asks for it (list, filters, sorts, one record, charts, CSV). */
function endpoints(gigsPlanId: string): [string, string][] {
  return [
    ['gigs plans list', `/api/plans/gigs?sort=${enc(['name', 'ASC'])}&range=${enc([0, 24])}&filter=${enc({})}`],
    ['gigs plans, filtered, by active', `/api/plans/gigs?sort=${enc(['active', 'DESC'])}&range=${enc([0, 24])}&filter=${enc({ provider: 'p7', inUse: true })}`],
    ['gigs plan (deep link)', `/api/plans/gigs/${gigsPlanId}`],
    ['gigs add-ons list', `/api/plans/gigs-addons?sort=${enc(['price', 'ASC'])}&range=${enc([0, 24])}&filter=${enc({})}`],
    ['centra plans list', `/api/plans/centra?sort=${enc(['total', 'DESC'])}&range=${enc([0, 24])}&filter=${enc({})}`],
    ['centra plan (deep link)', '/api/plans/centra/1'],
    ['product × plan matrix', `/api/plans/centra-products?sort=${enc(['id', 'ASC'])}&range=${enc([0, 24])}&filter=${enc({})}`],
    ['status chart', '/api/plans/charts/status'],
    ['weekly chart', '/api/plans/charts/weekly'],
    ['freshness', '/api/plans/freshness'],
    ['CSV export (gigs plans)', '/api/plans/export?list=gigs'],
    ['CSV export (matrix)', '/api/plans/export?list=centra-products'],
  ];
}

async function timed(url: string, cookie: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(url, { headers: { cookie } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  return performance.now() - t;
}

/**
 * The plans pages over loopback HTTP against a synthetic customer index of `customers` people:
 * p50/p95 per endpoint (target p95 <= 100 ms), plus the two costs a page view pays now and then:
 * the first view after the catalogue cache expired (an upstream read) and the first weekly chart
 * after plan_stats was recomputed (index range counts).
 */
export async function runPlansBench(opts: PlansBenchOptions = {}): Promise<BenchResult> {
  const customers = opts.customers ?? Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
  const requests = opts.requests ?? Number(process.env.BENCH_REQUESTS ?? 200);
  const log = opts.log ?? ((l: string) => console.error(l));
  const now = new Date();

  log(`plans: generating the index for ${customers.toLocaleString('en-US')} customers`);
  const t0 = performance.now();
  const generated = generatePlansIndex(customers, now, log);
  const generateSeconds = (performance.now() - t0) / 1000;
  generated.db.$client.close();

  // The product, served over HTTP on the generated database; the embedded sandbox holds the
  // catalogue (its size does not matter here: the plans pages read the catalogue, not customers).
  const server = await startBenchServer(plansBenchDir(customers), 20);
  try {
    const deps = server.built.deps;
    const at = new Date().toISOString();
    const member = sqliteOf(deps)
      .insert(staff)
      .values({
        email: `bench.plans.${Date.now()}@bench.subdesk`,
        role: 'merchandiser',
        passwordHash: await hashPassword('bench password 2026 long'),
        mustChangePassword: false,
        disabled: false,
        createdAt: at,
        updatedAt: at,
      })
      .returning()
      .get();
    const { token } = await deps.auth.sessions.create(member.id, { ip: '127.0.0.1', userAgent: 'bench' });
    const cookie = `${sessionCookieName(deps.config)}=${token}`;

    // The two occasional costs, measured once each before the steady state.
    const coldWeekly = await timed(`${server.url}/api/plans/charts/weekly`, cookie);
    deps.plans.catalogue.clear();
    const coldCatalogue = await timed(`${server.url}${endpoints('x')[0]![1]}`, cookie);

    const plans = (await (await fetch(`${server.url}/api/plans/gigs?filter=${enc({ inUse: true })}`, { headers: { cookie } })).json()) as {
      id: string;
      subscriptions: { total: number };
    }[];
    const indexed = plans.reduce((s, p) => s + p.subscriptions.total, 0);
    const list = endpoints(plans[0]!.id);
    for (const [, path] of list) await timed(`${server.url}${path}`, cookie); // warm-up
    const samples = new Map<string, number[]>(list.map(([name]) => [name, []]));
    // Interleaved, so a slow moment of the machine is spread over every endpoint alike.
    for (let i = 0; i < requests; i++) {
      for (const [name, path] of list) samples.get(name)!.push(await timed(`${server.url}${path}`, cookie));
    }

    const metrics: Metric[] = [];
    const all: number[] = [];
    for (const [name, s] of samples) {
      const sum = summarize(s);
      all.push(...s);
      metrics.push({ name: `${name} p50`, value: round(sum.p50), unit: 'ms' });
      metrics.push({ name: `${name} p95`, value: round(sum.p95), unit: 'ms', target: { op: '<=', value: 100 } });
    }
    const overall = summarize(all);
    metrics.unshift(
      { name: 'every plans page p95', value: round(overall.p95), unit: 'ms', target: { op: '<=', value: 100 } },
      { name: 'every plans page p50', value: round(overall.p50), unit: 'ms' },
    );
    metrics.push(
      {
        name: 'first weekly chart after a recount (index range counts, once per crawl or minute)',
        value: round(coldWeekly),
        unit: 'ms',
        note: 'memoised until plan_stats changes, at most 60 s',
      },
      {
        name: 'first list after the catalogue cache expired (upstream read, once a minute)',
        value: round(coldCatalogue),
        unit: 'ms',
        note: 'sandbox upstream on loopback',
      },
      {
        name: 'generating the index',
        value: round(generated.reused ? 0 : generateSeconds, 1),
        unit: 's',
        note: generated.reused ? 'reused from bench/data' : undefined,
      },
    );
    return {
      bench: 'plans',
      setup: `${customers.toLocaleString('en-US')} customers, ${generated.rows.toLocaleString('en-US')} indexed subscriptions (${indexed.toLocaleString('en-US')} on Gigs plans), ${requests} requests per endpoint, 1 client, loopback HTTP`,
      metrics,
    };
  } finally {
    await server.close();
  }
}

// `node --import tsx bench/plans.ts [customers]`: run this one bench alone and print its figures.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const customers = process.argv[2] ? Number(process.argv[2]) : undefined;
  runPlansBench({ customers })
    .then((r) => {
      console.log(r.setup);
      for (const m of r.metrics)
        console.log(`${m.name.padEnd(80)} ${String(m.value).padStart(9)} ${m.unit}${m.target ? `  (target ${m.target.op} ${m.target.value})` : ''}`);
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}

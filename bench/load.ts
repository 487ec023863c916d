import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchResult, Metric } from './lib/report.ts';
import { startProduct } from './lib/product.ts';
import { renderLineChartPng } from './lib/chart.ts';

/**
 * Latency under load: a mixed workload (search 70%, customer page 20%, action 10%) from 1, 16,
 * 64 and 256 concurrent clients against the started product and its sandbox, each level for a
 * bounded time, with autocannon in its own process. The action is a Centra address update that
 * rewrites the contract's current address: always allowed, audited like any other change.
 */
const LEVELS = [1, 16, 64, 256];

type RunnerResult = {
  connections: number;
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  rps: number;
  latency: { p50: number; p99: number };
  statusCodes: Record<string, { count: number }>;
};

function runLoad(args: object): Promise<RunnerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./lib/autocannon-runner.ts', import.meta.url)), JSON.stringify(args)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as RunnerResult) : reject(new Error(`load generator exited ${code}`))));
  });
}

export async function runLoadBench(opts: { seconds?: number; customers?: number } = {}): Promise<BenchResult> {
  const seconds = opts.seconds ?? Number(process.env.BENCH_LOAD_SECONDS ?? 10);
  const customers = opts.customers ?? Number(process.env.BENCH_LOAD_CUSTOMERS ?? 5000);
  const product = await startProduct({
    port: 3921,
    env: { SANDBOX_CUSTOMERS: String(customers), SYNC_INTERVAL_SECONDS: '0' },
    waitForCrawl: true,
    upstream: 'separate',
  });
  try {
    const cookie = await product.login('support');
    const headers = { cookie, 'content-type': 'application/json' };
    const get = async <T>(path: string) => (await (await fetch(product.url + path, { headers })).json()) as T;
    const list = await get<{ id: string; name: string; email: string }[]>(
      `/api/customers?filter=${encodeURIComponent(JSON.stringify({ system: 'centra' }))}&range=[0,49]`,
    );
    let contract: { id: number; shippingAddress: Record<string, string | null> } | undefined;
    for (const c of list) {
      const contracts = await get<{ id: number; shippingAddress: Record<string, string | null> }[]>(
        `/api/centra-contracts?filter=${encodeURIComponent(JSON.stringify({ customerId: c.id }))}`,
      );
      contract = contracts[0];
      if (contract) break;
    }
    if (!contract) throw new Error('no Centra contract found to act on');
    const a = contract.shippingAddress;
    const address = {
      firstName: a.firstName,
      lastName: a.lastName,
      address1: a.address1,
      address2: a.address2 ?? '',
      zipCode: a.zipCode,
      city: a.city,
      phoneNumber: a.phoneNumber ?? '',
      email: a.email,
    };
    const searches = list
      .slice(0, 7)
      .map((c, i) => `/api/customers?filter=${encodeURIComponent(JSON.stringify({ q: i % 2 ? c.email.slice(0, 8) : c.name.split(' ')[0] }))}&range=[0,24]`);
    const requests = [
      ...searches.map((path) => ({ path })),
      { path: `/api/customers/${list[0]!.id}` },
      { path: `/api/customers/${list[1]!.id}` },
      { method: 'PUT', path: `/api/centra-contracts/${contract.id}/address`, body: JSON.stringify(address) },
    ];
    const results: RunnerResult[] = [];
    for (const connections of LEVELS) {
      results.push(await runLoad({ url: product.url, connections, seconds, headers, requests }));
    }
    const chartPath = fileURLToPath(new URL('./latency-under-load.png', import.meta.url));
    await renderLineChartPng(chartPath, {
      title: 'subdesk latency under a mixed load (70% search, 20% customer page, 10% action)',
      xLabel: 'concurrent clients',
      yLabel: 'latency (ms)',
      x: LEVELS,
      series: [
        { name: 'p50', values: results.map((r) => r.latency.p50) },
        { name: 'p99', values: results.map((r) => r.latency.p99) },
      ],
    });
    writeFileSync(fileURLToPath(new URL('./latency-under-load.json', import.meta.url)), JSON.stringify(results, null, 2) + '\n');
    const metrics: Metric[] = results.flatMap((r) => [
      { name: `${r.connections} clients: p50`, value: r.latency.p50, unit: 'ms' },
      { name: `${r.connections} clients: p99`, value: r.latency.p99, unit: 'ms' },
      { name: `${r.connections} clients: throughput`, value: Math.round(r.rps), unit: 'req/s' },
      { name: `${r.connections} clients: non-2xx / errors`, value: r.non2xx + r.errors, unit: 'responses', target: { op: '<=', value: 0 } },
    ]);
    return {
      bench: 'load',
      setup: `${customers.toLocaleString('en-US')} sandbox customers, ${seconds} s per level, mix 7 searches : 2 customer pages : 1 address update; chart bench/latency-under-load.png`,
      metrics,
    };
  } finally {
    await product.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runLoadBench().then((r) => console.log(JSON.stringify(r, null, 2)));
}

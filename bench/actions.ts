import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { BenchResult } from './lib/report.ts';
import { round, summarize } from './lib/stats.ts';
import { startTestServer } from '../test/helpers/server.ts';
import { loginAs } from '../test/helpers/auth.ts';

/**
 * subdesk's own time per action: 1,000 Centra status changes and 1,000 Connect Session creations
 * through the real routes, against the in-process sandbox with no added latency. Each upstream
 * call's duration is measured around `fetch` (the clients capture it at construction) and
 * attributed to the action that made it, so own time = total − time waiting on the upstream.
 */
type Timing = { intervals: [number, number][] };
const current = new AsyncLocalStorage<Timing>();
const realFetch = globalThis.fetch;
globalThis.fetch = (async (...args: Parameters<typeof fetch>) => {
  const timing = current.getStore();
  const started = performance.now();
  try {
    return await realFetch(...args);
  } finally {
    timing?.intervals.push([started, performance.now()]);
  }
}) as typeof fetch;

/** Time during which at least one upstream call was in flight (parallel calls counted once). */
function upstreamMs(intervals: [number, number][]): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [from, to] = sorted[0] ?? [0, 0];
  for (const [a, b] of sorted.slice(1)) {
    if (a > to) {
      total += to - from;
      [from, to] = [a, b];
    } else to = Math.max(to, b);
  }
  return total + (to - from);
}

type Page<T> = T[];

export async function runActionsBench(opts: { actions?: number; customers?: number } = {}): Promise<BenchResult> {
  const actions = opts.actions ?? Number(process.env.BENCH_ACTIONS ?? 1000);
  const server = await startTestServer({ SANDBOX_CUSTOMERS: String(opts.customers ?? 2000), UPSTREAM_TIMEOUT_MS: '10000' });
  try {
    await server.deps.customers.crawler.run('full');
    const cookie = await loginAs(server, 'support');
    const headers = { cookie, 'content-type': 'application/json' };
    const get = async <T>(path: string) => {
      const res = await server.app.request(path, { headers });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const timed = async (path: string, init: RequestInit) => {
      const timing: Timing = { intervals: [] };
      const started = performance.now();
      const res = await current.run(timing, () => server.app.request(path, { ...init, headers }));
      await res.arrayBuffer();
      const total = performance.now() - started;
      if (!res.ok) throw new Error(`${path}: ${res.status}`);
      return { total, own: total - upstreamMs(timing.intervals) };
    };

    // Centra: active subscriptions, paused then resumed in turn.
    const centraCustomers = await get<Page<{ id: string }>>(
      `/api/customers?filter=${encodeURIComponent(JSON.stringify({ system: 'centra', hasActive: true }))}&range=[0,199]`,
    );
    const activeSubs: number[] = [];
    for (const c of centraCustomers) {
      const contracts = await get<Page<{ subscriptions: { id: number; status: string }[] }>>(
        `/api/centra-contracts?filter=${encodeURIComponent(JSON.stringify({ customerId: c.id }))}`,
      );
      for (const contract of contracts) for (const s of contract.subscriptions) if (s.status === 'active') activeSubs.push(s.id);
      if (activeSubs.length >= 50) break;
    }
    const centraOwn: number[] = [];
    const centraTotal: number[] = [];
    for (let i = 0; i < actions; i++) {
      const sub = activeSubs[Math.floor(i / 2) % activeSubs.length]!;
      const status = i % 2 === 0 ? 'paused' : 'active';
      const t = await timed(`/api/centra-subscriptions/${sub}/status`, {
        method: 'POST',
        body: JSON.stringify({ status, reason: { code: 'customer_request' } }),
      });
      centraOwn.push(t.own);
      centraTotal.push(t.total);
    }

    // Gigs: a "view subscription" Connect link for customers with a live Gigs subscription.
    const gigsCustomers = await get<Page<{ id: string }>>(
      `/api/customers?filter=${encodeURIComponent(JSON.stringify({ system: 'gigs', hasActive: true }))}&range=[0,99]`,
    );
    const targets: { customerId: string; subscription: string }[] = [];
    for (const c of gigsCustomers) {
      const subs = await get<Page<{ id: string; status: string }>>(
        `/api/gigs-subscriptions?filter=${encodeURIComponent(JSON.stringify({ customerId: c.id }))}`,
      );
      const live = subs.find((s) => s.status === 'active');
      if (live) targets.push({ customerId: c.id, subscription: live.id });
      if (targets.length >= 50) break;
    }
    const gigsOwn: number[] = [];
    const gigsTotal: number[] = [];
    for (let i = 0; i < actions; i++) {
      const target = targets[i % targets.length]!;
      const body = { customerId: target.customerId, clientRequestId: randomUUID(), intent: { type: 'viewSubscription', subscription: target.subscription } };
      const t = await timed('/api/connect-sessions', { method: 'POST', body: JSON.stringify(body) });
      gigsOwn.push(t.own);
      gigsTotal.push(t.total);
    }

    const c = summarize(centraOwn);
    const g = summarize(gigsOwn);
    return {
      bench: 'actions',
      setup: `${actions} Centra status changes over ${activeSubs.length} subscriptions and ${actions} Connect Session creations over ${targets.length} subscriptions, in-process sandbox, no added latency`,
      metrics: [
        { name: 'Centra status change: own time p50', value: round(c.p50), unit: 'ms' },
        { name: 'Centra status change: own time p95', value: round(c.p95), unit: 'ms', target: { op: '<=', value: 5 } },
        { name: 'Centra status change: total p95 (incl. sandbox)', value: round(summarize(centraTotal).p95), unit: 'ms' },
        { name: 'Connect Session creation: own time p50', value: round(g.p50), unit: 'ms' },
        { name: 'Connect Session creation: own time p95', value: round(g.p95), unit: 'ms', target: { op: '<=', value: 5 } },
        { name: 'Connect Session creation: total p95 (incl. sandbox)', value: round(summarize(gigsTotal).p95), unit: 'ms' },
      ],
    };
  } finally {
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runActionsBench().then((r) => console.log(JSON.stringify(r, null, 2)));
}

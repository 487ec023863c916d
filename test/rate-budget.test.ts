import { afterEach, describe, expect, it, vi } from 'vitest';
import { RateBudget } from '../server/upstream/budget.ts';
import { HttpClient } from '../server/upstream/http.ts';
import { inBackground } from '../server/upstream/priority.ts';
import { UpstreamError } from '../server/upstream/errors.ts';
import { z } from 'zod';
import { rowOf } from './helpers/engines.ts';

/** Every upstream call goes through one budget per upstream: staff first, background within its share, 429s honoured. */
afterEach(() => {
  vi.useRealTimers();
});

describe('the rate budget', () => {
  it('keeps a burst of background work within the budget, while a staff call waits at most one slot', async () => {
    vi.useFakeTimers({ now: 0 });
    const budget = new RateBudget({ system: 'centra', requests: 10, perSeconds: 1, backgroundShare: 0.5 });
    const grants: number[] = [];
    for (let i = 0; i < 60; i++) void budget.acquire('background').then(() => grants.push(Date.now()));
    let staffWaited = -1;
    setTimeout(() => {
      const asked = Date.now();
      void budget.acquire('staff').then(() => (staffWaited = Date.now() - asked));
    }, 2_345);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(grants).toHaveLength(60);
    // In any one-second window, background calls never exceed the budget (here: the whole of it,
    // when the share's burst meets its refill; over time, half).
    for (const t of grants) expect(grants.filter((g) => g >= t && g < t + 1000).length).toBeLessThanOrEqual(10);
    const spanSeconds = (grants.at(-1)! - grants[0]!) / 1000;
    expect((grants.length - 5) / spanSeconds).toBeCloseTo(5, 0);
    // One slot of the whole budget is 100 ms.
    expect(staffWaited).toBeGreaterThanOrEqual(0);
    expect(staffWaited).toBeLessThanOrEqual(100);
    expect(budget.stats().granted).toEqual({ staff: 1, background: 60 });
  });

  it('serves waiting staff calls before any waiting background call', async () => {
    vi.useFakeTimers({ now: 0 });
    const budget = new RateBudget({ system: 'gigs', requests: 2, perSeconds: 1, backgroundShare: 1 });
    const order: string[] = [];
    await budget.acquire('background');
    await budget.acquire('background');
    void budget.acquire('background').then(() => order.push('background'));
    void budget.acquire('staff').then(() => order.push('staff'));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(order).toEqual(['staff', 'background']);
  });
});

describe('429 with Retry-After', () => {
  function rateLimitedOnce() {
    const sent: { at: number; priority: string }[] = [];
    let limited = false;
    const fetchImpl: typeof fetch = async (_input, init) => {
      const priority = new Headers(init?.headers).get('x-test-priority') ?? '';
      sent.push({ at: performance.now(), priority });
      if (!limited && priority === 'background') {
        limited = true;
        return new Response(JSON.stringify({ errors: { rateLimit: 'slow down' } }), {
          status: 429,
          headers: { 'retry-after': '2', 'content-type': 'application/json' },
        });
      }
      return new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const budget = new RateBudget({ system: 'centra', requests: 100, perSeconds: 1, backgroundShare: 0.5 });
    const http = (priority: string) =>
      new HttpClient({
        system: 'centra',
        baseUrl: 'http://centra.test',
        headers: { 'x-test-priority': priority },
        timeoutMs: 1000,
        budget,
        fetch: fetchImpl,
        parseError: (s) => ({ message: `HTTP ${s}` }),
      });
    return { sent, budget, background: http('background'), staff: http('staff') };
  }
  const ok = z.object({ ok: z.boolean() });

  it('pauses background calls for that long, while staff calls go on', async () => {
    const { sent, background, staff } = rateLimitedOnce();
    const start = performance.now();
    const bg = inBackground(() => background.request({ method: 'GET', path: '/customers', schema: ok }));
    await new Promise((r) => setTimeout(r, 100));
    await staff.request({ method: 'GET', path: '/customers', schema: ok });
    const staffAt = sent.find((s) => s.priority === 'staff')!.at - start;
    expect(staffAt).toBeLessThan(500);
    await bg;
    const retried = sent.filter((s) => s.priority === 'background');
    expect(retried).toHaveLength(2);
    expect(retried[1]!.at - retried[0]!.at).toBeGreaterThanOrEqual(1990);
  });

  it("answers a staff call whose timeout does not allow the wait with the upstream's Retry-After", async () => {
    const fetchImpl: typeof fetch = async () => new Response('{}', { status: 429, headers: { 'retry-after': '30' } });
    const client = new HttpClient({
      system: 'centra',
      baseUrl: 'http://centra.test',
      headers: {},
      timeoutMs: 1000,
      fetch: fetchImpl,
      parseError: (s) => ({ message: `HTTP ${s}` }),
    });
    const err = await client.request({ method: 'PUT', path: '/subscription/status', body: {}, schema: ok }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as UpstreamError).details).toMatchObject({ status: 429, retryAfterSeconds: 30 });
  });
});

describe('what the agent reads when Centra rate-limits subdesk', () => {
  it('answers 503 "try again in N s", records the failure, and sends nothing twice', async () => {
    const { startTestServer } = await import('./helpers/server.ts');
    const { loginAs, req } = await import('./helpers/auth.ts');
    const { addFault, clearFaults, picker, clientFor, remoteStats } = await import('./centra-helpers.ts');
    const server = await startTestServer();
    try {
      const support = await loginAs(server, 'support');
      await server.deps.customers.crawler.run('full');
      const f = await picker(clientFor(server))((x) => x.sub.status === 'active', 'is active');
      const before = await remoteStats(server);
      await addFault(server, { kind: 'rateLimit', retryAfterSeconds: 30, method: 'PUT', pathPrefix: '/api/shop/subscription/status' });
      const res = await server.app.request(
        `/api/centra-subscriptions/${f.sub.id}/status`,
        ...req('POST', { cookie: support, body: { status: 'paused', reason: { code: 'customer_request', text: 'on the phone' } } }),
      );
      const body = await res.json();
      expect(res.status).toBe(503);
      expect(body.message).toBe('Centra is rate-limiting subdesk; try again in 30 s. Nothing was changed.');
      const outcome = await rowOf<{ outcome: string }>(server.deps, 'SELECT outcome FROM audit_events WHERE request_id = $1 ORDER BY seq DESC LIMIT 1', [
        res.headers.get('x-request-id'),
      ]);
      expect(outcome.outcome).toBe('failed');
      await clearFaults(server);
      expect((await remoteStats(server)).status).toBe(before.status);
    } finally {
      await server.close();
    }
  });
});

describe('health while background work uses its whole share', () => {
  it('still reports Centra up: probes are not starved behind the contract walk', async () => {
    const { startTestServer } = await import('./helpers/server.ts');
    const { startSeparateUpstreams } = await import('./helpers/upstreams.ts');
    const upstreams = await startSeparateUpstreams();
    const server = await startTestServer({
      ...upstreams.env.gigs,
      ...upstreams.env.centraShopAndOrder,
      CENTRA_REQUESTS_PER_10S: '10',
      UPSTREAM_TIMEOUT_MS: '10000',
    });
    try {
      await server.deps.customers.crawler.run('full');
      const { contractWalk } = server.deps.customers;
      await contractWalk.startPass();
      await new Promise((r) => setTimeout(r, 1500));
      expect(server.deps.centra.opts.budget!.stats().waiting.background).toBeGreaterThan(0);
      const health = await (await server.app.request('/api/health')).json();
      expect(health.upstreams.centra).toMatchObject({ ok: true });
      expect(health.upstreams.centra.latencyMs).toBeLessThan(2500);
    } finally {
      await server.close();
      await upstreams.close();
    }
  });
});

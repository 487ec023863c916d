import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { UpstreamError } from '../server/upstream/errors.ts';
import { GigsClient } from '../server/upstream/gigs.ts';
import { addFault, clearFaults, gigsClient, gigsRaw, PROJECT } from './gigs-helpers.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
}, 60_000);
afterEach(() => clearFaults(t));
afterAll(() => t?.close());

const PLANS = `/projects/${PROJECT}/plans`;

/** A client whose back-off sleeps are recorded and skipped, so retries are visible and fast. */
function recordingClient(opts: { timeoutMs?: number; baseUrl?: string } = {}) {
  const sleeps: number[] = [];
  const client = gigsClient(t, { ...opts, sleep: async (ms) => void sleeps.push(ms) });
  return { client, sleeps };
}

async function upstreamError(p: Promise<unknown>): Promise<UpstreamError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UpstreamError);
  return err as UpstreamError;
}

describe('fault control endpoints', () => {
  it('need the API key, accept a fault, list it, and clear it', async () => {
    expect((await gigsRaw(t, '/_sandbox/faults', { method: 'POST', body: JSON.stringify({ kind: 'error500' }), key: 'wrong' })).status).toBe(401);
    expect((await gigsRaw(t, '/_sandbox/stats', { key: null })).status).toBe(401);
    const bad = await gigsRaw(t, '/_sandbox/faults', { method: 'POST', body: JSON.stringify({ kind: 'explode' }) });
    expect(bad.status).toBe(400);
    await addFault(t, { kind: 'latency', ms: 10, pathPrefix: PLANS, times: 5 });
    expect((await (await gigsRaw(t, '/_sandbox/faults')).json()).faults).toEqual([{ kind: 'latency', ms: 10, pathPrefix: PLANS, times: 5 }]);
    await clearFaults(t);
    expect((await (await gigsRaw(t, '/_sandbox/faults')).json()).faults).toEqual([]);
  });

  it('only affect API routes matching the prefix', async () => {
    await addFault(t, { kind: 'error500', pathPrefix: `/projects/${PROJECT}/addons` });
    const { client } = recordingClient();
    await expect(client.listPlans()).resolves.toHaveLength(6);
    expect((await upstreamError(client.listAddons())).status).toBe(500);
  });
});

describe('the client under injected faults', () => {
  it('latency: answers, later', async () => {
    await addFault(t, { kind: 'latency', ms: 300, pathPrefix: PLANS, times: 1 });
    const started = Date.now();
    const plans = await gigsClient(t).listPlans();
    expect(plans.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('timeout: a short client timeout gives a timeout error, not retried', async () => {
    await addFault(t, { kind: 'timeout', pathPrefix: PLANS });
    const { client, sleeps } = recordingClient({ timeoutMs: 300 });
    const started = Date.now();
    const err = await upstreamError(client.getPlan('pln_any'));
    expect(err.kind).toBe('timeout');
    expect(err.system).toBe('gigs');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(sleeps).toEqual([]);
  });

  it('error500 once: retried, then success', async () => {
    await addFault(t, { kind: 'error500', pathPrefix: PLANS, times: 1 });
    const { client, sleeps } = recordingClient();
    await expect(client.listPlans()).resolves.toHaveLength(6);
    expect(sleeps).toHaveLength(1);
  });

  it("error500 every time: gives up after the retries with Gigs' own error", async () => {
    await addFault(t, { kind: 'error500', pathPrefix: PLANS, times: 3 });
    const { client, sleeps } = recordingClient();
    const err = await upstreamError(client.listPlans());
    expect(err.kind).toBe('http');
    expect(err.status).toBe(500);
    expect(err.details.type).toBe('internal');
    expect(sleeps).toHaveLength(2);
    await expect(client.listPlans()).resolves.toHaveLength(6);
  });

  it('rateLimit: 429 rateLimited with Retry-After, honoured by the retry', async () => {
    await addFault(t, { kind: 'rateLimit', retryAfterSeconds: 2, pathPrefix: PLANS, times: 1 });
    const raw = await gigsRaw(t, '/plans');
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('2');
    expect(await raw.json()).toMatchObject({ object: 'error', type: 'rateLimited' });
    // A staff call is retried once when its timeout (2 s here) leaves room for the wait...
    await addFault(t, { kind: 'rateLimit', retryAfterSeconds: 1, pathPrefix: PLANS, times: 1 });
    const { client, sleeps } = recordingClient();
    await expect(client.listPlans()).resolves.toHaveLength(6);
    expect(sleeps).toEqual([1000]);
    // ...and otherwise answered at once, with Gigs' Retry-After for the agent's message.
    await addFault(t, { kind: 'rateLimit', retryAfterSeconds: 2, pathPrefix: PLANS, times: 1 });
    const err = await upstreamError(recordingClient().client.listPlans());
    expect(err.details).toMatchObject({ status: 429, retryAfterSeconds: 2 });
  });

  it('malformed: a broken 200 body is a malformed error', async () => {
    await addFault(t, { kind: 'malformed', pathPrefix: PLANS, times: 1 });
    const err = await upstreamError(gigsClient(t).listPlans());
    expect(err.kind).toBe('malformed');
  });

  it('retries a POST carrying an Idempotency-Key after a 500, creating one session', async () => {
    const demo = (await gigsClient(t).listUsers({ limit: 1 })).items[0]!;
    await addFault(t, { kind: 'error500', method: 'POST', pathPrefix: `/projects/${PROJECT}/connectSessions`, times: 1 });
    const before = t.sandbox!.gigsEmulator.stats()['connectSession.create'] ?? 0;
    const { client, sleeps } = recordingClient();
    const session = await client.createConnectSession({ intent: { type: 'updatePaymentMethod' }, user: demo.id }, `retry-${Date.now()}`);
    expect(session.url).toContain(session.id);
    expect(sleeps).toHaveLength(1);
    expect(t.sandbox!.gigsEmulator.stats()['connectSession.create']).toBe(before + 1);
  });
});

describe('dropped connections', () => {
  // test/helpers/server.ts does not hand Node's socket to the app, so the emulator cannot drop
  // the connection there; this serves the same emulator app directly, as @hono/node-server does.
  let direct: ReturnType<typeof serve>;
  let baseUrl: string;
  beforeAll(async () => {
    direct = serve({ fetch: t.sandbox!.gigs.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((r) => direct.once('listening', () => r()));
    baseUrl = `http://127.0.0.1:${(direct.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => direct.close(() => r())));

  const client = (sleeps: number[]) =>
    new GigsClient({ baseUrl, project: PROJECT, apiKey: t.sandbox!.credentials.gigsApiKey, timeoutMs: 2000, sleep: async (ms) => void sleeps.push(ms) });

  it('drop once: a network error, retried, then success', async () => {
    await addFault(t, { kind: 'drop', pathPrefix: PLANS, times: 1 });
    const sleeps: number[] = [];
    await expect(client(sleeps).listPlans()).resolves.toHaveLength(6);
    expect(sleeps).toHaveLength(1);
  });

  it('drop every time: a network error', async () => {
    await addFault(t, { kind: 'drop', pathPrefix: PLANS, times: 3 });
    const sleeps: number[] = [];
    const err = await upstreamError(client(sleeps).listPlans());
    expect(err.kind).toBe('network');
    expect(sleeps).toHaveLength(2);
  });
});

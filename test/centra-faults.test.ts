import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { UpstreamError } from '../server/upstream/errors.ts';
import type { CentraClient } from '../server/upstream/centra.ts';
import { activeFaults, addFault, clearFaults, clientFor, countingFetch, picker, remoteStats, serveWithSockets } from './centra-helpers.ts';

/**
 * Each fault kind the emulator can inject, seen through the real client: what is retried (reads),
 * what is not (Centra's writes carry no idempotency key), and how each failure is typed.
 */
let server: TestServer;
let centra: CentraClient;
let sockets: Awaited<ReturnType<typeof serveWithSockets>>;

beforeAll(async () => {
  server = await startTestServer();
  centra = server.deps.centra;
  sockets = await serveWithSockets(server);
});
afterEach(async () => {
  await clearFaults(server);
});
afterAll(async () => {
  await sockets?.close();
  await server?.close();
});

async function failure(p: Promise<unknown>): Promise<UpstreamError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UpstreamError);
  return err as UpstreamError;
}

/** A client that counts attempts and records back-off instead of sleeping; `real sockets` for drops. */
function instrumented(opts: { timeoutMs?: number; realSockets?: boolean } = {}) {
  const counter = countingFetch();
  const sleeps: number[] = [];
  const client = clientFor(server, {
    fetch: counter.fetch,
    sleep: async (ms) => void sleeps.push(ms),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.realSockets ? sockets.urls : {}),
  });
  return { client, counter, sleeps };
}

describe('fault injection', () => {
  it('latency: the answer comes late but intact', async () => {
    await addFault(server, { kind: 'latency', ms: 300, pathPrefix: '/api/order/customers', times: 1 });
    const started = Date.now();
    const page = await centra.listCustomers({ limit: 3 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(page).toHaveLength(3);
    expect(await activeFaults(server)).toEqual([]);
  });

  it('timeout: the client gives up after its own timeout and says so, without retrying', async () => {
    const { client, counter } = instrumented({ timeoutMs: 300 });
    await addFault(server, { kind: 'timeout', pathPrefix: '/api/shop/products' });
    const started = Date.now();
    const err = await failure(client.listProducts());
    expect(err.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(counter.count('GET', '/products')).toBe(1);
  });

  it('error500 on a GET: retried once, then the right answer', async () => {
    const { client, counter, sleeps } = instrumented();
    await addFault(server, { kind: 'error500', method: 'GET', pathPrefix: '/api/order/customers', times: 1 });
    const page = await client.listCustomers({ limit: 2 });
    expect(page.map((c) => c.customerId)).toEqual(['1', '2']);
    expect(counter.count('GET', '/customers')).toBe(2);
    expect(sleeps).toHaveLength(1);
  });

  it('drop on a GET: the dropped connection is retried', async () => {
    const { client, counter } = instrumented({ realSockets: true });
    await addFault(server, { kind: 'drop', method: 'GET', pathPrefix: '/api/order/customers/3', times: 1 });
    const customer = await client.getCustomer('3');
    expect(customer?.customerId).toBe('3');
    expect(counter.count('GET', '/customers/3')).toBe(2);
  });

  it('drop on every attempt: a network failure once the retries are spent', async () => {
    const { client, counter } = instrumented({ realSockets: true });
    await addFault(server, { kind: 'drop', pathPrefix: '/api/order/customers/4' });
    const err = await failure(client.getCustomer('4'));
    expect(err.kind).toBe('network');
    expect(counter.count('GET', '/customers/4')).toBe(3);
  });

  it('error500 on the contract listing: a read, though a POST, so it is retried', async () => {
    const { client, counter } = instrumented();
    await addFault(server, { kind: 'error500', method: 'POST', pathPrefix: '/api/shop/customers/', times: 1 });
    const contracts = await client.getContracts('zoe.angstrom0@example.com');
    expect(contracts).toHaveLength(2);
    expect(counter.count('POST', '/subscriptions')).toBe(2);
  });

  it('error500 on a PUT: not retried, so the change is not applied twice', async () => {
    const pick = picker(centra);
    const f = await pick((x) => x.sub.status === 'active', 'is active');
    const { client, counter } = instrumented();
    const before = await remoteStats(server);
    await addFault(server, { kind: 'error500', method: 'PUT', pathPrefix: '/api/shop/subscription/status', times: 1 });
    const err = await failure(client.updateStatus(f.sub.id, 'paused'));
    expect(err.kind).toBe('http');
    expect(err.details.status).toBe(500);
    expect(err.details.fieldErrors).toHaveProperty('server');
    expect(counter.count('PUT', '/subscription/status')).toBe(1);
    expect(await remoteStats(server)).toEqual(before);
    const contract = (await centra.getContracts(f.email)).find((c) => c.id === f.contract.id)!;
    expect(contract.subscriptions.find((s) => s.id === f.sub.id)!.status).toBe('active');
    // With the fault spent, the same call goes through exactly once.
    await client.updateStatus(f.sub.id, 'paused');
    expect((await remoteStats(server)).status).toBe(before.status! + 1);
  });

  it('drop on a PUT: reported as a network failure after one attempt', async () => {
    const pick = picker(centra);
    const f = await pick((x) => x.sub.status === 'active' && x.sub.quantity >= 2, 'is active with quantity 2+');
    const { client, counter } = instrumented({ realSockets: true });
    const before = await remoteStats(server);
    await addFault(server, { kind: 'drop', method: 'PUT', pathPrefix: '/api/shop/customers/', times: 1 });
    const err = await failure(client.updateQuantity(f.email, f.contract.id, f.sub.id, 1));
    expect(err.kind).toBe('network');
    expect(counter.calls.filter((c) => c.method === 'PUT')).toHaveLength(1);
    expect(await remoteStats(server)).toEqual(before);
  });

  it('rateLimit: honours Retry-After, and succeeds when the limit lifts', async () => {
    const { client, counter, sleeps } = instrumented();
    await addFault(server, { kind: 'rateLimit', retryAfterSeconds: 1, pathPrefix: '/api/shop/products', times: 1 });
    const products = await client.listProducts();
    expect(products.length).toBeGreaterThan(0);
    expect(sleeps).toEqual([1000]);
    expect(counter.count('GET', '/products')).toBe(2);
  });

  it('rateLimit that persists: a 429 with the Retry-After kept', async () => {
    const { client } = instrumented();
    await addFault(server, { kind: 'rateLimit', retryAfterSeconds: 2, pathPrefix: '/api/order/' });
    const err = await failure(client.listCustomers({ limit: 1 }));
    expect(err.details.status).toBe(429);
    expect(err.details.retryAfterSeconds).toBe(2);
  });

  it('malformed: a 200 that is not JSON is a malformed failure, not a crash', async () => {
    await addFault(server, { kind: 'malformed', pathPrefix: '/api/order/customers', times: 1 });
    const err = await failure(centra.listCustomers({ limit: 1 }));
    expect(err.kind).toBe('malformed');
  });

  it('faults reach the Integration API too; its read-only queries are retried', async () => {
    const clean = instrumented();
    expect((await clean.client.contractListing()).way).toBe('integration');
    const { client, counter } = instrumented();
    await addFault(server, { kind: 'error500', pathPrefix: '/graphql', times: 1 });
    expect((await client.contractListing()).way).toBe('integration');
    expect(counter.count('POST', '/graphql')).toBe(clean.counter.count('POST', '/graphql') + 1);
  });

  it('a fault limited to one path and method leaves the others alone', async () => {
    await addFault(server, { kind: 'error500', method: 'PUT', pathPrefix: '/api/shop/subscription/interval' });
    await expect(centra.listProducts()).resolves.not.toHaveLength(0);
    await expect(centra.listCustomers({ limit: 1 })).resolves.toHaveLength(1);
    expect(await activeFaults(server)).toHaveLength(1);
  });

  it('the control endpoints validate what they are given', async () => {
    const res = await fetch(`${server.url}/sandbox/centra/_sandbox/faults`, {
      method: 'POST',
      headers: { 'api-authorization': server.sandbox!.credentials.centraApiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'meteor' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: Record<string, string> }).errors).toHaveProperty('kind');
  });

  it('stats() on the emulator and GET /_sandbox/stats agree', async () => {
    expect(await remoteStats(server)).toEqual(server.sandbox!.centraEmulator.stats());
  });
});

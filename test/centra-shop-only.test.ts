import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { startSeparateUpstreams, type SeparateUpstreams } from './helpers/upstreams.ts';
import { loginAs, req } from './helpers/auth.ts';
import { customerIdFor, emailKey } from '../server/customers/normalise.ts';
import { person } from '../server/sandbox/people.ts';

/**
 * What most Centra merchants give an integrator: the Shop and Order APIs and their key, no
 * Integration API. subdesk must start, crawl, find customers by their contract ids once their
 * contracts arrive through the Shop API, and do every Centra action.
 */
let upstreams: SeparateUpstreams;
let server: TestServer;
let support: string;
const zoe = person(0);
const zoeId = customerIdFor(emailKey(zoe.email));
type Json = Record<string, any>;

async function call(method: string, path: string, body?: unknown) {
  const res = await server.app.request(path, ...req(method, { body, cookie: support }));
  return { status: res.status, body: (await res.json()) as Json };
}
const search = async (q: string) => (await call('GET', `/api/customers?filter=${encodeURIComponent(JSON.stringify({ q }))}`)).body as Json[];

beforeAll(async () => {
  upstreams = await startSeparateUpstreams();
  server = await startTestServer({ ...upstreams.env.gigs, ...upstreams.env.centraShopAndOrder, CENTRA_REQUESTS_PER_10S: '5000', UPSTREAM_TIMEOUT_MS: '10000' });
  support = await loginAs(server, 'support');
});
afterAll(async () => {
  await server?.close();
  await upstreams?.close();
});

describe('Centra through the Shop and Order APIs only', () => {
  it('starts as a real deployment: no sandbox mounted, no demo accounts', async () => {
    expect(server.sandbox).toBeUndefined();
    expect(server.deps.config.sandbox).toEqual({ gigs: false, centra: false });
    const config = await (await server.app.request('/api/auth/config')).json();
    expect(config).toEqual({ sandbox: false, systems: { gigs: true, centra: true } });
  });

  it('crawls customers from the Order API, then reads their contracts one customer at a time in the background', async () => {
    const { crawler, contractWalk } = server.deps.customers;
    const run = await crawler.run('full');
    expect(run.errors).toEqual({});
    expect(run.status).toBe('succeeded');
    expect(run.counts['centra.customers']).toBeGreaterThan(200);
    expect(run.counts['centra.contracts'] ?? 0).toBe(0);
    // Searchable by name and e-mail as soon as the Order API list is read.
    expect((await search(zoe.centraEmail)).map((r) => r.id)).toContain(zoeId);
    await contractWalk.idle();
    const status = (await call('GET', '/api/status')).body;
    expect(status.centraContracts).toMatchObject({ way: 'shop', reason: expect.stringMatching(/no Integration API is configured/) });
    expect(status.centraContracts.walk).toMatchObject({ running: false, remaining: 0, finishedAt: expect.any(String) });
    expect(status.centraContracts.walk.done).toBe(status.centraContracts.walk.total);
    expect(status.centraContracts.walk.total).toBeGreaterThan(200);
  });

  it('finds a customer by a contract id and a subscription id once their contracts arrived', async () => {
    const page = (await call('GET', `/api/customers/${zoeId}`)).body;
    const contract = page.centra.contracts[0];
    expect((await search(String(contract.id))).map((r) => r.id)).toContain(zoeId);
    expect((await search(String(contract.subscriptions[0].id))).map((r) => r.id)).toContain(zoeId);
  });

  it('does every Centra action: address, interval, quantity, pause and resume', async () => {
    const contracts = (await call('GET', `/api/centra-contracts?filter=${encodeURIComponent(JSON.stringify({ customerId: zoeId }))}`)).body as Json[];
    const k = contracts.find((c) => c.subscriptions.length === 4)!;
    const address = {
      firstName: 'Zoë',
      lastName: 'Ångström',
      address1: 'Drottninggatan 5',
      address2: '',
      zipCode: '11151',
      city: 'Stockholm',
      phoneNumber: '+46701234599',
      email: zoe.centraEmail,
    };
    expect((await call('PUT', `/api/centra-contracts/${k.id}/address`, address)).status).toBe(200);
    const sub = k.subscriptions[0];
    const option = (await call('GET', `/api/centra-subscriptions/${sub.id}`)).body.intervalOptions.find(
      (o: Json) => !o.current && o.nextOrderDate !== undefined,
    );
    expect((await call('POST', `/api/centra-subscriptions/${sub.id}/interval`, { planId: option.planId })).status).toBe(200);
    const reason = { code: 'customer_request', text: 'asked on the phone' };
    expect((await call('POST', `/api/centra-subscriptions/${sub.id}/status`, { status: 'paused', reason })).body.status).toBe('paused');
    expect((await call('POST', `/api/centra-subscriptions/${sub.id}/status`, { status: 'active', reason })).body.status).toBe('active');
    const more = await call('POST', `/api/centra-subscriptions/${sub.id}/quantity`, { quantity: sub.quantity + 1 });
    expect(more).toMatchObject({ status: 200, body: { quantity: sub.quantity + 1 } });
  });
});

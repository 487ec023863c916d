import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { loginAs, req } from './helpers/auth.ts';
import { centraKey } from './centra-helpers.ts';
import { CentraEventsFeed } from '../server/customers/crawl/centra-events.ts';
import type { CentraFacts } from '../server/customers/types.ts';
import { jsonOf, rowsOf } from './helpers/engines.ts';

/**
 * Centra's Events system keeps the index fresh without a crawl: listeners registered, each
 * event's object written into the index, confirmed only once applied; an environment without
 * events is said on the status page.
 */
let server: TestServer;
let admin: string;

async function control(method: string, path: string, body: unknown) {
  const res = await fetch(`${server.url}/sandbox/centra/_sandbox${path}`, {
    method,
    headers: { 'api-authorization': centraKey(server), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.ok).toBe(true);
  return (await res.json()) as Record<string, any>;
}
async function gql(query: string) {
  const res = await fetch(`${server.url}/sandbox/centra/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${centraKey(server)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { data?: any; errors?: { message: string }[] };
}
/** A person's Centra facts in the index (null: none, or no such person). */
async function facts(key: string): Promise<CentraFacts | null> {
  const [row] = await rowsOf<{ centra: unknown }>(server.deps, 'SELECT centra FROM customers WHERE email_key = $1', [key]);
  return row?.centra == null ? null : (jsonOf(row.centra) as CentraFacts);
}
/** Everyone the index has Centra facts for, in index order. */
async function withCentra() {
  const rows = await rowsOf<{ key: string; id: string | null; centra: unknown }>(
    server.deps,
    'SELECT email_key AS key, centra_customer_id AS id, centra FROM customers WHERE centra IS NOT NULL ORDER BY seq',
  );
  return rows.map((r) => ({ key: r.key, id: r.id, centra: jsonOf(r.centra) as CentraFacts }));
}
const pending = async () => ((await gql('{ events(limit: 200) { id } }')).data.events as unknown[]).length;

beforeAll(async () => {
  server = await startTestServer({ CENTRA_EVENTS_INTERVAL_SECONDS: '3600' });
  admin = await loginAs(server, 'admin');
  await server.deps.customers.crawler.run('full');
  // The feed's first poll ran at start: it registered the listeners.
  await vi.waitFor(() => expect(server.deps.customers.centraEvents.status().state).toBe('on'), { timeout: 10_000 });
});
afterAll(async () => {
  await server?.close();
});

describe('Centra events', () => {
  it('registers listeners for customers, contracts and subscriptions, and says so on the status page', async () => {
    const listeners = (await gql('{ eventListeners { objectType } }')).data.eventListeners.map((l: { objectType: string }) => l.objectType).sort();
    expect(listeners).toEqual(['Customer', 'Subscription', 'SubscriptionContract']);
    const status = await (await server.app.request('/api/status', ...req('GET', { cookie: admin }))).json();
    expect(status.centraEvents).toMatchObject({ state: 'on', reason: null, error: null, intervalSeconds: 3600 });
  });

  it('a customer whose e-mail changed in Centra is found by the new one, with their contracts, without a crawl', async () => {
    const before = (await withCentra()).find((r) => r.id !== null && Object.keys(r.centra.k).length > 0)!;
    const contracts = Object.keys(before.centra.k);
    await control('PATCH', `/customers/${before.id}`, { email: 'moved.on@example.com', firstName: 'Moved' });
    expect(await server.deps.customers.centraEvents.pollOnce()).toBeGreaterThan(0);
    expect(await facts(before.key)).toBeNull();
    expect(await facts('moved.on@example.com')).toMatchObject({ c: before.id, e: 'moved.on@example.com', f: 'Moved' });
    expect(Object.keys((await facts('moved.on@example.com'))!.k).sort()).toEqual(contracts.sort());
    const found = await (
      await server.app.request(`/api/customers?filter=${encodeURIComponent(JSON.stringify({ q: 'moved.on@example.com' }))}`, ...req('GET', { cookie: admin }))
    ).json();
    expect(found).toHaveLength(1);
    expect(await pending()).toBe(0);
  });

  it('a subscription paused in Centra itself shows paused in the index', async () => {
    const k = (await withCentra()).find((r) => Object.values(r.centra.k).some((c) => Object.values(c.subs).includes('active')))!;
    const [contractId, contract] = Object.entries(k.centra.k).find(([, c]) => Object.values(c.subs).includes('active'))!;
    const subId = Object.entries(contract.subs).find(([, s]) => s === 'active')![0];
    const res = await fetch(`${server.url}/sandbox/centra/api/shop/subscription/status`, {
      method: 'PUT',
      headers: { 'api-authorization': centraKey(server), 'content-type': 'application/json' },
      body: JSON.stringify({ subscription: Number(subId), status: 'paused' }),
    });
    expect(res.status).toBe(200);
    await server.deps.customers.centraEvents.pollOnce();
    expect((await facts(k.key))!.k[contractId]!.subs[subId]).toBe('paused');
  });

  it('confirms events only once applied: a failure to apply leaves them with Centra, and the next poll applies them', async () => {
    const feed = server.deps.customers.centraEvents;
    await control('PATCH', '/customers/3', { firstName: 'Retried' });
    const spy = vi.spyOn(feed, 'apply').mockImplementationOnce(() => {
      throw new Error('the disk is full');
    });
    expect(await feed.pollOnce()).toBe(0);
    expect(feed.status().error).toMatch(/disk is full/);
    expect(await pending()).toBe(1);
    spy.mockRestore();
    expect(await feed.pollOnce()).toBe(1);
    expect(await pending()).toBe(0);
  });

  it('a DELETED contract (no object) leaves the index, and nothing else does', async () => {
    const holder = (await withCentra()).find((r) => Object.keys(r.centra.k).length >= 2)!;
    const [gone, ...kept] = Object.keys(holder.centra.k);
    await server.deps.customers.centraEvents.apply([
      { id: 1, objectType: 'SubscriptionContract', changeType: 'DELETED', objectReference: gone!, object: null },
    ]);
    expect(Object.keys((await facts(holder.key))!.k).sort()).toEqual(kept.sort());
    expect((await facts(holder.key))!.c).toBe(holder.centra.c);
  });

  it('says why when the environment has no Events system, and the crawls carry on', async () => {
    await control('PUT', '/integration', { mode: 'without-events' });
    try {
      const feed = new CentraEventsFeed(server.deps.customers.writer, server.deps.centra.events(), {
        clock: () => new Date(),
        intervalSeconds: 60,
      });
      await feed.pollOnce();
      expect(feed.status()).toMatchObject({ state: 'unavailable', reason: expect.stringMatching(/Events system is not enabled/) });
    } finally {
      await control('PUT', '/integration', { mode: 'full' });
    }
  });
});

describe('without an Integration API', () => {
  it('the feed is off and says the incremental crawls of the Order API keep the index fresh', async () => {
    const feed = new CentraEventsFeed(server.deps.customers.writer, null, { clock: () => new Date(), intervalSeconds: 60 });
    expect(feed.status()).toMatchObject({ state: 'off', reason: expect.stringMatching(/incremental crawls of the Order API/) });
    expect(await feed.pollOnce()).toBe(0);
  });
});

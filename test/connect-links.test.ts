import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { loginAs, req } from './helpers/auth.ts';
import { gigsClient, onTestServer, parseHostedPage, seededPeople, submitForm } from './gigs-helpers.ts';
import { customerIdFor, emailKey } from '../server/customers/normalise.ts';
import type { GigsClient, GigsPlan, GigsSubscription } from '../server/upstream/gigs.ts';
import { rowOf, rowsOf } from './helpers/engines.ts';

/**
 * What an agent does with a link after making it: follows it live, finds the pending ones for a
 * subscription and intent, revokes a wrong one; the intents for the account as a whole and the
 * eSIM installation; the plan list for a customer's country.
 */
let t: TestServer;
let gigs: GigsClient;
let support: string;

beforeAll(async () => {
  t = await startTestServer();
  gigs = gigsClient(t);
  support = await loginAs(t, 'support');
  await t.deps.customers.crawler.run('full');
}, 120_000);
afterAll(() => t?.close());

const used = new Set<string>();

/** A seeded subscription (of a customer no earlier test used) whose owner is indexed. */
async function findSub(pred: (s: GigsSubscription) => boolean): Promise<{ sub: GigsSubscription; customerId: string }> {
  const search = t.deps.customers.search;
  for await (const page of gigs.allSubscriptions()) {
    for (const s of page) {
      if (!pred(s) || s.user?.status !== 'active') continue;
      const customerId = customerIdFor(emailKey(s.user.email));
      if (used.has(customerId) || !(await search.byId(customerId))) continue;
      used.add(customerId);
      return { sub: s, customerId };
    }
  }
  throw new Error('no such seeded subscription');
}
const running = (s: GigsSubscription) => s.status === 'active' && !s.endedAt && s.plan?.validity?.type === 'recurring';

const get = (path: string) => t.app.request(path, { headers: { cookie: support } });
const list = async (filter: object) =>
  (await (await get(`/api/connect-sessions?filter=${encodeURIComponent(JSON.stringify(filter))}`)).json()) as { id: string; outcome: string }[];

async function create(customerId: string, intent: object) {
  const res = await t.app.request('/api/connect-sessions', ...req('POST', { cookie: support, body: { customerId, clientRequestId: randomUUID(), intent } }));
  return { res, body: (res.status === 201 ? await res.json() : null) as { id: string; url: string; requestId: string } | null };
}

/** Opens the hosted page as the customer would; answers what finishing it needs. */
async function openAsCustomer(url: string) {
  const pageUrl = onTestServer(t, url);
  const html = await (await fetch(pageUrl)).text();
  return { pageUrl, html, ...parseHostedPage(html) };
}

async function completeAsCustomer(url: string, fields: Record<string, string> = {}) {
  const page = await openAsCustomer(url);
  const res = await submitForm(page.pageUrl, page.actions.find((a) => a.endsWith('/complete'))!, { token: page.token!, ...fields });
  expect(res.status).toBe(303);
  const loc = new URL(res.headers.get('location')!);
  expect((await t.app.request(`${loc.pathname}${loc.search}`)).status).toBe(200);
}

const link = async (id: string) => (await (await get(`/api/connect-sessions/${id}`)).json()) as { outcome: string; gigsStatus: string | null };

describe('following a link live', () => {
  it('GET /api/connect-sessions/:id says what Gigs says while pending: pending, then opened; once settled the outcome', async () => {
    const { sub, customerId } = await findSub(running);
    const { body } = await create(customerId, { type: 'changeSubscription', subscription: sub.id });
    expect(await link(body!.id)).toMatchObject({ outcome: 'pending', gigsStatus: 'pending' });
    const page = await openAsCustomer(body!.url);
    expect(await link(body!.id)).toMatchObject({ outcome: 'pending', gigsStatus: 'opened' });
    const res = await submitForm(page.pageUrl, page.actions[0]!, { token: page.token!, plan: page.options[0]! });
    const loc = new URL(res.headers.get('location')!);
    await t.app.request(`${loc.pathname}${loc.search}`);
    expect(await link(body!.id)).toMatchObject({ outcome: 'completed', gigsStatus: null });
  });

  it('the list filters by subscription: the pending links for one subscription and intent', async () => {
    const { sub, customerId } = await findSub(running);
    const first = (await create(customerId, { type: 'cancelSubscription', subscription: sub.id })).body!;
    await create(customerId, { type: 'viewSubscription', subscription: sub.id });
    const pending = await list({ customerId, subscriptionId: sub.id, intent: 'cancelSubscription', outcome: 'pending' });
    expect(pending.map((r) => r.id)).toEqual([first.id]);
    expect(await list({ customerId, subscriptionId: 'sub_nothing', outcome: 'pending' })).toEqual([]);
    expect((await get(`/api/connect-sessions?filter=${encodeURIComponent(JSON.stringify({ subscriptionId: 'x' }))}`)).status).toBe(400);
  });
});

describe('POST /api/connect-sessions/:id/revoke', () => {
  it('withdraws a pending link: audited with who and why it cannot be undone at Gigs, gone from the pending list, once', async () => {
    const { sub, customerId } = await findSub(running);
    const made = (await create(customerId, { type: 'cancelSubscription', subscription: sub.id })).body!;
    const res = await t.app.request(`/api/connect-sessions/${made.id}/revoke`, ...req('POST', { cookie: support, body: {} }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: made.id, outcome: 'revoked' });
    expect(await list({ customerId, outcome: 'pending' })).toEqual([]);
    const entries = await rowsOf<Record<string, string>>(
      t.deps,
      "SELECT * FROM audit_events WHERE action = 'gigs.connectSession.revoke' AND upstream_ref = $1",
      [made.id],
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      outcome: 'succeeded',
      actor_type: 'staff',
      customer_id: customerId,
      target_type: 'gigs-subscription',
      target_id: sub.id,
    });
    expect(JSON.parse(entries[0]!.after)).toMatchObject({ outcome: 'revoked', originalRequestId: made.requestId });
    // Twice: nothing to revoke, nothing recorded.
    const again = await t.app.request(`/api/connect-sessions/${made.id}/revoke`, ...req('POST', { cookie: support }));
    expect(again.status).toBe(409);
    expect(((await again.json()) as { message: string }).message).toMatch(/already revoked/);
    const revokes = await rowOf<{ n: number }>(
      t.deps,
      "SELECT count(*) AS n FROM audit_events WHERE action = 'gigs.connectSession.revoke' AND upstream_ref = $1",
      [made.id],
    );
    expect(revokes.n).toBe(1);
  });

  it('a revoked link the customer uses anyway at Gigs (no revoke there) is settled by its callback', async () => {
    const { sub, customerId } = await findSub(running);
    const made = (await create(customerId, { type: 'cancelSubscription', subscription: sub.id })).body!;
    expect((await t.app.request(`/api/connect-sessions/${made.id}/revoke`, ...req('POST', { cookie: support }))).status).toBe(200);
    await completeAsCustomer(made.url);
    expect((await link(made.id)).outcome).toBe('completed');
    const callback = await rowOf<{ after: string }>(
      t.deps,
      "SELECT after FROM audit_events WHERE action = 'gigs.connectSession.callback' AND upstream_ref = $1",
      [made.id],
    );
    expect(JSON.parse(callback.after)).toMatchObject({ outcome: 'completed', revokedBefore: true });
  });

  it('a settled link cannot be revoked; unknown ids are 404; auditors may not revoke', async () => {
    const { sub, customerId } = await findSub(running);
    const made = (await create(customerId, { type: 'viewSubscription', subscription: sub.id })).body!;
    await completeAsCustomer(made.url);
    expect((await t.app.request(`/api/connect-sessions/${made.id}/revoke`, ...req('POST', { cookie: support }))).status).toBe(409);
    expect((await t.app.request('/api/connect-sessions/csn_unknown/revoke', ...req('POST', { cookie: support }))).status).toBe(404);
    const auditor = await loginAs(t, 'auditor');
    expect((await t.app.request(`/api/connect-sessions/${made.id}/revoke`, ...req('POST', { cookie: auditor }))).status).toBe(403);
  });
});

describe('the account intents and the eSIM installation', () => {
  it('updateUserAddress, updateUserFullName and viewSubscriptions carry no payload; without a Gigs account they are refused', async () => {
    const { customerId } = await findSub(running);
    for (const type of ['updateUserAddress', 'updateUserFullName', 'viewSubscriptions']) {
      const { res, body } = await create(customerId, { type });
      expect(res.status).toBe(201);
      expect((await gigs.getConnectSession(body!.id)).intent).toEqual({ type });
    }
    const centraOnly = seededPeople().find((p) => p.inCentra && !p.inGigs)!;
    const refused = await create(customerIdFor(emailKey(centraOnly.email)), { type: 'updateUserFullName' });
    expect(refused.res.status).toBe(409);
    expect(((await refused.res.json()) as { message: string }).message).toMatch(/no Gigs account yet, so there is no name to update/);
    expect((await create(customerId, { type: 'updateUserFullName', subscription: 'sub_x' })).res.status).toBe(400);
  });

  it('a completed name or address link shows on the customer page', async () => {
    const { sub, customerId } = await findSub(running);
    const name = (await create(customerId, { type: 'updateUserFullName' })).body!;
    await completeAsCustomer(name.url, { fullName: 'Grace Hopper' });
    const address = (await create(customerId, { type: 'updateUserAddress' })).body!;
    await completeAsCustomer(address.url, { line1: 'Kungsgatan 2', postalCode: '111 43', city: 'Stockholm', country: 'SE' });
    const page = (await (await get(`/api/customers/${customerId}`)).json()) as {
      gigs: { user: { id: string; fullName: string }; address: Record<string, unknown> | null };
    };
    expect(page.gigs.user).toMatchObject({ id: sub.user!.id, fullName: 'Grace Hopper' });
    expect(page.gigs.address).toMatchObject({ line1: 'Kungsgatan 2', postalCode: '111 43', city: 'Stockholm', country: 'SE' });
  });

  it('viewEsimInstallation is offered for eSIM subscriptions only, and refused for a physical SIM', async () => {
    const esim = await findSub((s) => s.status === 'active' && s.sim?.type === 'eSIM');
    const offered = async (customerId: string, id: string) =>
      (
        (await (await get(`/api/gigs-subscriptions?filter=${encodeURIComponent(JSON.stringify({ customerId }))}`)).json()) as {
          id: string;
          offeredActions: string[];
        }[]
      ).find((s) => s.id === id)!.offeredActions;
    expect(await offered(esim.customerId, esim.sub.id)).toContain('viewEsimInstallation');
    const { res, body } = await create(esim.customerId, { type: 'viewEsimInstallation', subscription: esim.sub.id });
    expect(res.status).toBe(201);
    expect((await gigs.getConnectSession(body!.id)).intent).toEqual({ type: 'viewEsimInstallation', viewEsimInstallation: { subscription: esim.sub.id } });

    const psim = await findSub((s) => s.status === 'active' && s.sim?.type === 'pSIM');
    expect(await offered(psim.customerId, psim.sub.id)).not.toContain('viewEsimInstallation');
    const refused = await create(psim.customerId, { type: 'viewEsimInstallation', subscription: psim.sub.id });
    expect(refused.res.status).toBe(409);
    expect(((await refused.res.json()) as { message: string }).message).toMatch(/physical SIM/);
  });

  it('the create entry names the plan (and add-on) in words, for the timeline', async () => {
    const { sub, customerId } = await findSub(running);
    const made = (await create(customerId, { type: 'changeSubscription', subscription: sub.id })).body!;
    const row = await rowOf<{ before: string }>(t.deps, "SELECT before FROM audit_events WHERE request_id = $1 AND outcome = 'succeeded'", [made.requestId]);
    expect(JSON.parse(row.before)).toMatchObject({ subscription: { id: sub.id, plan: sub.plan!.id, planName: sub.plan!.name } });
  });
});

describe('GET /api/gigs-plans for a customer', () => {
  it('filters by the countries a plan covers, and sorts prices within their currency', async () => {
    const plans = (await gigs.listPlans()).filter((p) => p.status === 'available');
    const covers = (p: GigsPlan, c: string) => !p.coverage?.countries.length || p.coverage.countries.includes(c);
    const ask = async (filter: object) =>
      (await (
        await get(`/api/gigs-plans?filter=${encodeURIComponent(JSON.stringify(filter))}&sort=${encodeURIComponent('["price","ASC"]')}`)
      ).json()) as GigsPlan[];
    const dutch = await ask({ status: 'available', country: 'NL' });
    expect(dutch.map((p) => p.id).sort()).toEqual(
      plans
        .filter((p) => covers(p, 'NL'))
        .map((p) => p.id)
        .sort(),
    );
    expect(dutch.length).toBeGreaterThan(0);
    expect(dutch.some((p) => p.coverage?.countries.includes('US') && !p.coverage.countries.includes('NL'))).toBe(false);
    const both = await ask({ status: 'available', country: ['NL', 'US'] });
    expect(both.length).toBe(plans.filter((p) => covers(p, 'NL') || covers(p, 'US')).length);
    // Currency first, then amount.
    const keys = both.map((p) => `${p.price!.currency}:${String(p.price!.amount).padStart(9, '0')}`);
    expect(keys).toEqual([...keys].sort());
    expect((await get(`/api/gigs-plans?filter=${encodeURIComponent(JSON.stringify({ country: 'Netherlands' }))}`)).status).toBe(400);
  });
});

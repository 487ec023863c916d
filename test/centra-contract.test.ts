import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { people } from '../server/sandbox/people.ts';
import { UpstreamError } from '../server/upstream/errors.ts';
import type { CentraClient } from '../server/upstream/centra.ts';
import { clientFor, everyContract } from './centra-helpers.ts';

/**
 * The real Centra client against the real emulator over HTTP: every read endpoint, paging,
 * authentication, unknown-field rejection. Rules and faults have their own suites.
 */
let server: TestServer;
let centra: CentraClient;
const inCentra = [...people(320)].filter((p) => p.inCentra);
const SQL_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

beforeAll(async () => {
  server = await startTestServer();
  centra = server.deps.centra;
});
afterAll(async () => {
  await server?.close();
});

async function upstreamError(p: Promise<unknown>): Promise<UpstreamError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UpstreamError);
  return err as UpstreamError;
}

describe('authentication', () => {
  it("refuses a wrong API-Authorization on the Shop and Order APIs with Centra's envelope", async () => {
    const wrong = clientFor(server, { apiKey: 'not-the-key' });
    const order = await upstreamError(wrong.listCustomers({ limit: 1 }));
    expect(order.details.status).toBe(401);
    expect(order.details.fieldErrors).toHaveProperty('apiKey');
    const shop = await upstreamError(wrong.getContracts(inCentra[0]!.centraEmail));
    expect(shop.details.status).toBe(401);
    expect(shop.details.fieldErrors).toHaveProperty('apiKey');
  });

  it('refuses a wrong Bearer token on the Integration API, and the client then lists contracts the Shop API way, saying why', async () => {
    const wrong = clientFor(server, { integrationToken: 'nope' });
    const plan = await wrong.contractListing();
    expect(plan.way).toBe('shop');
    expect(plan.way === 'shop' && plan.reason).toMatch(/refused the Integration API token \(HTTP 401.*Unauthorized/);
  });

  it('refuses the control endpoints without the key', async () => {
    const res = await fetch(`${server.url}/sandbox/centra/_sandbox/stats`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ errors: { apiKey: expect.any(String) } });
  });

  it('pings both APIs', async () => {
    await expect(centra.ping()).resolves.toBeUndefined();
  });
});

describe('customers (Order API)', () => {
  it('lists customers with the documented fields and Y-m-d H:i:s times', async () => {
    const [first] = await centra.listCustomers({ limit: 1 });
    expect(first).toMatchObject({ customerId: '1', email: inCentra[0]!.centraEmail, firstName: inCentra[0]!.firstName, country: inCentra[0]!.country });
    expect(first!.created).toMatch(SQL_TIME);
    expect(first!.modified).toMatch(SQL_TIME);
    expect(typeof first!.newsletter).toBe('boolean');
    expect(first!.registered).toBe(true);
  });

  it('pages with limit and offset: consecutive pages continue each other without overlap', async () => {
    const both = await centra.listCustomers({ limit: 60, offset: 0 });
    const page1 = await centra.listCustomers({ limit: 30, offset: 0 });
    const page2 = await centra.listCustomers({ limit: 30, offset: 30 });
    expect(both).toHaveLength(60);
    expect([...page1, ...page2].map((c) => c.customerId)).toEqual(both.map((c) => c.customerId));
    const ids = both.map((c) => Number(c.customerId));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(await centra.listCustomers({ limit: 10, offset: inCentra.length })).toEqual([]);
  });

  it('walks every customer page by page, one per Centra person of the seed', async () => {
    const pages: number[] = [];
    const emails: string[] = [];
    for await (const page of centra.allCustomers({ pageSize: 37 })) {
      pages.push(page.length);
      emails.push(...page.map((c) => c.email));
    }
    expect(pages.length).toBe(Math.ceil(inCentra.length / 37));
    expect(pages.slice(0, -1).every((n) => n === 37)).toBe(true);
    expect(emails).toEqual(inCentra.map((p) => p.centraEmail));
  });

  it('filters on "modified since"', async () => {
    const all = (await centra.listCustomers({ limit: 1000 })).map((c) => c.modified!).sort();
    const since = all[Math.floor(all.length / 2)]!;
    const recent: string[] = [];
    for await (const page of centra.allCustomers({ modifiedSince: since, pageSize: 25 })) recent.push(...page.map((c) => c.modified!));
    expect(recent.length).toBe(all.filter((m) => m >= since).length);
    expect(recent.length).toBeLessThan(all.length);
    expect(recent.every((m) => m >= since)).toBe(true);
    const asDate = new Date(since.replace(' ', 'T') + 'Z');
    expect((await centra.listCustomers({ limit: 1000, modified: asDate })).length).toBe(recent.length);
  });

  it('finds a customer by e-mail in any case, and says null for an unknown one', async () => {
    const differentCase = inCentra.find((p) => p.centraEmail !== p.email)!;
    expect(differentCase).toBeDefined();
    const found = await centra.findCustomerByEmail(differentCase.email.toUpperCase());
    expect(found?.email).toBe(differentCase.centraEmail);
    expect(await centra.findCustomerByEmail('nobody-here@example.com')).toBeNull();
  });

  it('gets one customer by id, null when unknown', async () => {
    const c = await centra.getCustomer('5');
    expect(c?.customerId).toBe('5');
    expect(c?.email).toBe(inCentra[4]!.centraEmail);
    expect(await centra.getCustomer('99999999')).toBeNull();
  });

  it('rejects unknown query parameters and bad values, naming them', async () => {
    const schema = z.unknown();
    const unknown = await upstreamError(centra.order.request({ method: 'GET', path: '/customers', query: { limit: 1, colour: 'red' }, schema }));
    expect(unknown.details.status).toBe(400);
    expect(unknown.details.fieldErrors).toEqual({ colour: 'unknown field' });
    const tooMany = await upstreamError(centra.order.request({ method: 'GET', path: '/customers', query: { limit: 5000 }, schema }));
    expect(Object.keys(tooMany.details.fieldErrors ?? {})).toEqual(['limit']);
    const badDate = await upstreamError(centra.listCustomers({ modified: 'yesterday' }));
    expect(Object.keys(badDate.details.fieldErrors ?? {})).toEqual(['modified']);
  });
});

describe('products (Shop API)', () => {
  it('lists every product with items and subscription plans as documented', async () => {
    const products = await centra.listProducts();
    expect(products.length).toBeGreaterThanOrEqual(10);
    for (const p of products) {
      expect(p.items.length).toBeGreaterThan(0);
      expect(p.items.every((i) => /^\d+-\d+$/.test(i.item) && i.sizeName.length > 0)).toBe(true);
      expect(p.subscriptionPlans.length).toBeLessThanOrEqual(3);
      for (const plan of p.subscriptionPlans) {
        expect(typeof plan.id).toBe('string');
        expect(['day', 'week', 'month', 'year']).toContain(plan.intervalType);
        expect(plan.intervalValue).toBeGreaterThan(0);
        expect(plan.discountPercent).toBeGreaterThanOrEqual(0);
        expect(plan.discountPercent).toBeLessThanOrEqual(20);
      }
    }
    // Exactly the products taken out of every plan have none; their subscriptions need attention.
    expect(products.filter((p) => p.subscriptionPlans.length === 0).length).toBeGreaterThanOrEqual(1);
    const planIds = new Set(products.flatMap((p) => p.subscriptionPlans.map((x) => x.id)));
    expect(planIds.size).toBeGreaterThanOrEqual(4);
    expect(planIds.size).toBeLessThanOrEqual(6);
  });

  it('pages products: small pages add up to the whole list', async () => {
    const whole = await centra.listProducts();
    const paged = await centra.listProducts({ pageSize: 5 });
    expect(paged.map((p) => p.product)).toEqual(whole.map((p) => p.product));
    expect(new Set(paged.map((p) => p.product)).size).toBe(paged.length);
  });
});

describe('contracts (Shop API listing and Integration API crawl)', () => {
  it("lists a customer's contracts by e-mail in any case, with the documented shape", async () => {
    const demo = inCentra[0]!;
    const contracts = await centra.getContracts(demo.email.toUpperCase());
    expect(contracts.length).toBe(2);
    const [live] = contracts;
    expect(typeof live!.id).toBe('number');
    expect(live!.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    expect(live!.shippingAddress).toMatchObject({ firstName: 'Zoë', lastName: 'Ångström', country: 'SE', email: demo.centraEmail });
    expect(live!.subscriptionPayment[0]).toMatchObject({ paymentMethod: expect.any(String), status: 'active' });
    const sub = live!.subscriptions[0]!;
    expect(sub).toMatchObject({ id: expect.any(Number), status: 'active', discount: expect.any(Number), quantity: expect.any(Number) });
    expect(sub.interval).toEqual({ type: expect.stringMatching(/^(day|week|month|year)$/), value: expect.any(Number) });
    expect(sub.nextOrderDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(sub.lines[0]).toMatchObject({ item: expect.any(String), productName: expect.any(String), size: expect.any(String), quantity: sub.quantity });
    expect(sub.lines[0]!.unitPrice).toEqual({ amount: expect.any(Number), currency: 'SEK' });
    expect(await centra.getContracts('nobody-here@example.com')).toEqual([]);
  });

  it('seeds every situation the back office must show', async () => {
    const all = await everyContract(centra);
    const subs = all.flatMap((e) => e.contract.subscriptions);
    const statuses = new Set(subs.map((s) => s.status));
    expect([...statuses].sort()).toEqual(['active', 'cancelled', 'paused']);
    expect(new Set(all.flatMap((e) => e.contract.subscriptionPayment.map((p) => p.status)))).toEqual(new Set(['active', 'suspended', 'revoked']));
    for (const s of subs) {
      if (s.status === 'active') expect(s.nextOrderDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      else expect(s.nextOrderDate).toBeNull();
    }
    const fullyCancelled = all.filter((e) => e.contract.subscriptions.every((s) => s.status === 'cancelled'));
    expect(fullyCancelled.length).toBeGreaterThan(0);
    expect(fullyCancelled.every((e) => e.contract.subscriptionPayment.length === 0)).toBe(true);
    const live = all.filter((e) => e.contract.subscriptions.some((s) => s.status !== 'cancelled'));
    expect(live.every((e) => e.contract.subscriptionPayment.length > 0)).toBe(true);
    expect(all.every((e) => e.contract.subscriptions.length >= 1 && e.contract.subscriptions.length <= 4)).toBe(true);
    const perCustomer = new Map<string, number>();
    for (const e of all) perCustomer.set(e.customerId, (perCustomer.get(e.customerId) ?? 0) + 1);
    expect(perCustomer.size).toBe(inCentra.length);
    expect(Math.max(...perCustomer.values())).toBe(2);
    // Created over the last twelve months: at least nine distinct months among the contracts.
    const months = new Set(all.map((e) => e.contract.createdAt!.slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(9);
    const oldest = Math.min(...all.map((e) => Date.parse(e.contract.createdAt!)));
    expect(Date.now() - oldest).toBeLessThanOrEqual(366 * 86_400_000);
    // Some subscriptions are on an item that is in no plan any more.
    const inAnyPlan = new Set((await centra.listProducts()).filter((p) => p.subscriptionPlans.length).flatMap((p) => p.items.map((i) => i.item)));
    expect(subs.some((s) => !inAnyPlan.has(s.lines[0]!.item))).toBe(true);
  });
});

describe('input validation', () => {
  it('rejects unknown body fields on every write, naming the field', async () => {
    const schema = z.unknown();
    const cases: [string, string, Record<string, unknown>][] = [
      ['PUT', '/subscription/status', { subscription: 1, status: 'active', reason: 'x' }],
      ['PUT', '/subscription/interval', { subscription: 1, subscriptionPlan: '1', when: 'now' }],
      ['PUT', '/subscription/address', { customer: 'a@b.c', contract: 1, street: 'x' }],
      ['PUT', '/customers/a@b.c/contracts/1/subscription/2', { quantity: 2, note: 'x' }],
      ['POST', `/customers/${encodeURIComponent(inCentra[0]!.email)}/subscriptions`, { filter: 'all' }],
    ];
    for (const [method, path, body] of cases) {
      const err = await upstreamError(centra.shop.request({ method: method as 'PUT', path, body, schema }));
      const unknownField = Object.keys(body).at(-1)!;
      expect(err.details.status, `${method} ${path}`).toBe(400);
      expect(err.details.fieldErrors, `${method} ${path}`).toEqual({ [unknownField]: 'unknown field' });
    }
  });

  it('names missing or wrongly typed fields', async () => {
    const err = await upstreamError(
      centra.shop.request({ method: 'PUT', path: '/subscription/status', body: { subscription: 'abc', status: 'frozen' }, schema: z.unknown() }),
    );
    expect(err.details.status).toBe(400);
    expect(Object.keys(err.details.fieldErrors ?? {}).sort()).toEqual(['status', 'subscription']);
  });

  it('answers unknown ids with 404 in the errors envelope', async () => {
    const err = await upstreamError(centra.updateStatus(987654321, 'paused'));
    expect(err.details.status).toBe(404);
    expect(err.details.fieldErrors).toEqual({ subscription: 'not found' });
  });
});

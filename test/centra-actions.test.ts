import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { loginAs, req } from './helpers/auth.ts';
import { addFault, activeFaults, clearFaults, clientFor, picker, remoteStats, type Found } from './centra-helpers.ts';
import { customerIdFor, emailKey } from '../server/customers/normalise.ts';
import { person } from '../server/sandbox/people.ts';
import { reconcilePending } from '../server/audit/reconcile.ts';
import type { CentraFacts } from '../server/customers/types.ts';
import type { CentraClient, CentraContract } from '../server/upstream/centra.ts';
import { jsonOf, rowsOf } from './helpers/engines.ts';

/**
 * Issue 7 through subdesk's API against the real Centra emulator over HTTP: the rule previews,
 * every change with its local checks, Centra's refusals, audit entries, the index refresh,
 * upstream faults, and the start-up reconciliation.
 */

let server: TestServer;
let support: string;
let centra: CentraClient;
let pick: ReturnType<typeof picker>;
const zoe = person(0);
const zoeId = customerIdFor(emailKey(zoe.email));

type Json = Record<string, any>;
type AuditRow = {
  seq: number;
  action: string;
  outcome: string;
  actor_type: string;
  customer_id: string | null;
  target_id: string | null;
  request: string | null;
  before: string | null;
  after: string | null;
  error: string | null;
};

async function call(method: string, path: string, body?: unknown, cookie = support) {
  const res = await server.app.request(path, ...req(method, { body, cookie }));
  // subdesk's own request id (never the client's): it links the audit entries of this request.
  return { status: res.status, body: (await res.json()) as Json, requestId: res.headers.get('x-request-id')! };
}

const entries = (requestId: string) => rowsOf<AuditRow>(server.deps, 'SELECT * FROM audit_events WHERE request_id = $1 ORDER BY seq', [requestId]);
const parse = (s: string | null) => (s === null ? null : JSON.parse(s));
const customerOf = (f: { email: string }) => customerIdFor(emailKey(f.email));

async function zoeContracts(): Promise<CentraContract[]> {
  return centra.getContracts(zoe.centraEmail);
}

/** Zoë's demo contract (the live one), fresh from Centra: [current plan, paused, item in no plan, stale terms]. */
async function demoContract() {
  const contracts = await zoeContracts();
  return contracts.find((k) => k.subscriptions.length === 4)!;
}

async function indexedStatus(customerId: string, subscriptionId: number): Promise<string | undefined> {
  const row = (await server.deps.customers.search.byId(customerId))!;
  const facts = jsonOf(row.centra) as CentraFacts;
  for (const k of Object.values(facts.k)) if (String(subscriptionId) in k.subs) return k.subs[String(subscriptionId)];
  return undefined;
}

const reason = { code: 'customer_request', text: 'asked on the phone' };

beforeAll(async () => {
  server = await startTestServer({ UPSTREAM_TIMEOUT_MS: '1500' });
  support = await loginAs(server, 'support');
  await server.deps.customers.crawler.run('full');
  centra = clientFor(server);
  pick = picker(centra);
});
afterAll(async () => {
  await server?.close();
});
afterEach(async () => {
  await clearFaults(server);
});

describe('who may', () => {
  it('lets support and admin read and act, merchandisers only read products, auditors nothing', async () => {
    const k = await demoContract();
    const merch = await loginAs(server, 'merchandiser');
    const auditor = await loginAs(server, 'auditor');
    expect((await call('GET', `/api/centra-contracts/${k.id}`, undefined, merch)).status).toBe(403);
    expect((await call('GET', `/api/centra-contracts/${k.id}`, undefined, auditor)).status).toBe(403);
    expect((await call('POST', `/api/centra-subscriptions/${k.subscriptions[0]!.id}/status`, { status: 'paused', reason }, merch)).status).toBe(403);
    expect((await call('GET', `/api/centra-contracts/${k.id}`, undefined, await loginAs(server, 'admin'))).status).toBe(200);
    expect((await call('GET', '/api/centra-products', undefined, merch)).status).toBe(200);
    expect((await call('GET', '/api/centra-products', undefined, auditor)).status).toBe(403);
    expect((await server.app.request('/api/centra-products')).status).toBe(401);
  });
});

describe('reading contracts, subscriptions and products', () => {
  it("lists a customer's contracts live, each subscription with its rule previews", async () => {
    const res = await server.app.request(`/api/centra-contracts?filter=${encodeURIComponent(JSON.stringify({ customerId: zoeId }))}`, {
      headers: { cookie: support },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-range')).toBe('centra-contracts 0-1/2');
    const rows = (await res.json()) as Json[];
    const demo = rows.find((k) => k.subscriptions.length === 4)!;
    const done = rows.find((k) => k.subscriptions.length === 1)!;
    expect(demo.customerId).toBe(zoeId);
    const [current, paused, noPlan, stale] = demo.subscriptions as Json[];
    expect(current).toMatchObject({
      status: 'active',
      allowed: ['paused', 'cancelled'],
      quantityIncreaseAllowed: true,
      intervalUnavailableReason: null,
      needsAttention: [],
    });
    expect(current!.intervalOptions.map((o: Json) => o.planId)).toEqual(['1', '2', '5']);
    expect(current!.intervalOptions[0]).toMatchObject({
      name: '1 month subscription',
      interval: { type: 'month', value: 1 },
      discountPercent: 10,
      nextOrderDate: current!.nextOrderDate,
    });
    expect(paused).toMatchObject({ status: 'paused', allowed: ['active', 'cancelled'] });
    expect(paused!.schedule.onResume).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(noPlan).toMatchObject({ intervalOptions: [], quantityIncreaseAllowed: false });
    expect(noPlan!.intervalUnavailableReason).toMatch(/no longer in any subscription plan/);
    expect(noPlan!.needsAttention).toContain('The item is no longer in any subscription plan');
    expect(stale!.quantityIncreaseAllowed).toBe(false);
    expect(stale!.quantityIncreaseReason).toMatch(/changed since the customer subscribed/);
    expect(done.subscriptions[0]).toMatchObject({ status: 'cancelled', allowed: [], intervalOptions: [], cancelPurgesPayment: false });
  });

  it('needs the customerId filter, and answers 404 for an unknown customer', async () => {
    expect((await call('GET', '/api/centra-contracts')).status).toBe(400);
    expect((await call('GET', `/api/centra-contracts?filter=${encodeURIComponent('{"customerId":"cus_nobody"}')}`)).status).toBe(404);
  });

  it("reads one contract and one subscription by Centra id, with the owner's customer id", async () => {
    const k = await demoContract();
    const one = await call('GET', `/api/centra-contracts/${k.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: k.id, customerId: zoeId, liveSubscriptions: 4 });
    const sub = await call('GET', `/api/centra-subscriptions/${k.subscriptions[0]!.id}`);
    expect(sub.body).toMatchObject({ id: k.subscriptions[0]!.id, customerId: zoeId, contractId: k.id, contract: { id: k.id, liveSubscriptions: 4 } });
    expect((await call('GET', '/api/centra-contracts/99999999')).status).toBe(404);
    expect((await call('GET', '/api/centra-subscriptions/abc')).status).toBe(400);
  });

  it('lists products with their subscription plans, filtered by item or plan', async () => {
    const res = await call('GET', `/api/centra-products?filter=${encodeURIComponent('{"item":"1-1"}')}`);
    expect(res.body).toHaveLength(1);
    expect(res.body[0]).toMatchObject({ id: '1', name: 'Espresso Beans' });
    expect(res.body[0].subscriptionPlans.map((p: Json) => p.id)).toEqual(['1', '2', '5']);
    const none = await call('GET', `/api/centra-products?filter=${encodeURIComponent('{"planId":"4"}')}`);
    expect(none.body.map((p: Json) => p.id)).toEqual(['10']);
  });
});

describe('PUT /api/centra-contracts/:id/address', () => {
  const address = {
    firstName: 'Zoë',
    lastName: 'Ångström',
    address1: 'Drottninggatan 5',
    address2: 'c/o Berg',
    zipCode: '11151',
    city: 'Stockholm',
    phoneNumber: '+46701234599',
    email: zoe.centraEmail,
  };

  it('refuses a country with the rule and the way out, sending nothing', async () => {
    const k = await demoContract();
    const before = (await remoteStats(server)).address;
    const res = await call('PUT', `/api/centra-contracts/${k.id}/address`, { ...address, country: 'DE' });
    expect(res.status).toBe(400);
    expect(res.body.errors.country).toBeTruthy();
    expect(res.body.message).toMatch(/country cannot be changed/i);
    expect(res.body.message).toMatch(/cancel/i);
    expect(res.body.message).toMatch(/check out again/i);
    expect((await remoteStats(server)).address).toBe(before);
    expect(await entries(res.requestId)).toHaveLength(0);
  });

  it('rejects unknown and missing fields by name', async () => {
    const k = await demoContract();
    const unknown = await call('PUT', `/api/centra-contracts/${k.id}/address`, { ...address, state: 'AB' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual({ state: 'is not a known field' });
    const { city: _city, ...noCity } = address;
    const missing = await call('PUT', `/api/centra-contracts/${k.id}/address`, noCity);
    expect(missing.status).toBe(400);
    expect(Object.keys(missing.body.errors)).toEqual(['city']);
    const badEmail = await call('PUT', `/api/centra-contracts/${k.id}/address`, { ...address, email: 'nope' });
    expect(badEmail.body.errors.email).toMatch(/e-mail/);
  });

  it('changes the address, audits requested then succeeded with before and after, and refreshes the index', async () => {
    const k = await demoContract();
    const res = await call('PUT', `/api/centra-contracts/${k.id}/address`, address);
    expect(res.status).toBe(200);
    expect(res.body.shippingAddress).toMatchObject({ ...address, country: 'SE' });
    expect(res.body.message).toMatch(/every subscription/);
    const live = await demoContract();
    expect(live.shippingAddress).toMatchObject(address);
    const log = await entries(res.requestId);
    expect(log.map((e) => [e.action, e.outcome])).toEqual([
      ['centra.contract.address', 'requested'],
      ['centra.contract.address', 'succeeded'],
    ]);
    expect(log[0]!.customer_id).toBe(zoeId);
    expect(parse(log[1]!.before).shippingAddress.address1).toBe(k.shippingAddress.address1);
    expect(parse(log[1]!.after).shippingAddress.address1).toBe('Drottninggatan 5');
    expect(parse(log[0]!.request)).toEqual(address);
    // The index row follows at once: the new phone number finds Zoë.
    const found = await call('GET', `/api/customers?filter=${encodeURIComponent(JSON.stringify({ q: '+46701234599' }))}`);
    expect(found.body.map((r: Json) => r.id)).toContain(zoeId);
  });

  it('refuses a contract whose subscriptions are all cancelled, nothing sent', async () => {
    const done = (await zoeContracts()).find((k) => k.subscriptions.every((s) => s.status === 'cancelled'))!;
    const before = (await remoteStats(server)).address;
    const res = await call('PUT', `/api/centra-contracts/${done.id}/address`, address);
    expect(res.status).toBe(409);
    expect((await remoteStats(server)).address).toBe(before);
  });
});

describe('POST /api/centra-subscriptions/:id/interval', () => {
  it('refuses a plan that does not offer the item now, naming the plans that do, nothing sent', async () => {
    const sub = (await demoContract()).subscriptions[0]!;
    const before = (await remoteStats(server)).interval;
    const res = await call('POST', `/api/centra-subscriptions/${sub.id}/interval`, { planId: '4' });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/does not offer/);
    expect(res.body.message).toMatch(/2 weeks subscription/);
    expect((await remoteStats(server)).interval).toBe(before);
    const log = await entries(res.requestId);
    expect(log.map((e) => e.outcome)).toEqual(['failed']);
    expect(parse(log[0]!.error)).toMatchObject({ stage: 'localRule', status: 409 });
  });

  it('says so when the item is in no plan at all', async () => {
    const sub = (await demoContract()).subscriptions[2]!;
    const res = await call('POST', `/api/centra-subscriptions/${sub.id}/interval`, { planId: '1' });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/no longer in any subscription plan/);
  });

  it("validates planId as Centra's id and rejects unknown fields", async () => {
    const sub = (await demoContract()).subscriptions[0]!;
    expect((await call('POST', `/api/centra-subscriptions/${sub.id}/interval`, { planId: 'monthly' })).body.errors).toHaveProperty('planId');
    expect((await call('POST', `/api/centra-subscriptions/${sub.id}/interval`, {})).status).toBe(400);
    expect((await call('POST', `/api/centra-subscriptions/${sub.id}/interval`, { planId: '2', discount: 50 })).body.errors).toEqual({
      discount: 'is not a known field',
    });
  });

  it('moves to a plan offering the item: interval and discount copied, next order date kept, audited', async () => {
    const sub = (await demoContract()).subscriptions[0]!;
    const preview = await call('GET', `/api/centra-subscriptions/${sub.id}`);
    const option = preview.body.intervalOptions.find((o: Json) => o.planId === '2');
    const res = await call('POST', `/api/centra-subscriptions/${sub.id}/interval`, { planId: '2' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ plan: { id: '2' }, interval: { type: 'week', value: 2 }, discount: 10, nextOrderDate: sub.nextOrderDate });
    expect(option.followingOrderDate).not.toBeNull();
    const log = await entries(res.requestId);
    expect(log.map((e) => e.outcome)).toEqual(['requested', 'succeeded']);
    expect(parse(log[1]!.before).plan.id).toBe(sub.plan!.id);
    expect(parse(log[1]!.after).plan.id).toBe('2');
  });
});

describe('POST /api/centra-subscriptions/:id/status', () => {
  it('requires a reason (a code from the list, text for "other", or a sentence)', async () => {
    const sub = (await demoContract()).subscriptions[0]!;
    expect((await call('POST', `/api/centra-subscriptions/${sub.id}/status`, { status: 'paused' })).body.errors).toHaveProperty('reason');
    expect((await call('POST', `/api/centra-subscriptions/${sub.id}/status`, { status: 'paused', reason: { code: 'bored' } })).body.errors).toHaveProperty(
      'reason',
    );
    expect((await call('POST', `/api/centra-subscriptions/${sub.id}/status`, { status: 'paused', reason: { code: 'other' } })).body.errors).toHaveProperty([
      'reason.text',
    ]);
    expect((await call('POST', `/api/centra-subscriptions/${sub.id}/status`, { status: 'paused', reason: '' })).status).toBe(400);
    expect((await call('POST', `/api/centra-subscriptions/${sub.id}/status`, { status: 'stopped', reason })).body.errors).toHaveProperty('status');
    expect((await call('POST', `/api/centra-subscriptions/${sub.id}/status`, { status: 'paused', reason, force: true })).body.errors).toEqual({
      force: 'is not a known field',
    });
  });

  it('pauses (no next order), resumes (next interval from today), with the reason in the audit entry and the index refreshed', async () => {
    const sub = (await demoContract()).subscriptions[0]!;
    const paused = await call('POST', `/api/centra-subscriptions/${sub.id}/status`, { status: 'paused', reason });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ status: 'paused', nextOrderDate: null });
    expect(paused.body.message).toMatch(/paused/);
    const log = await entries(paused.requestId);
    expect(log.map((e) => e.outcome)).toEqual(['requested', 'succeeded']);
    expect(parse(log[0]!.request)).toEqual({ status: 'paused', reason: { code: 'customer_request', text: 'asked on the phone' } });
    expect(parse(log[1]!.before).status).toBe('active');
    expect(parse(log[1]!.after).status).toBe('paused');
    expect(await indexedStatus(zoeId, sub.id)).toBe('paused');

    const again = await call('POST', `/api/centra-subscriptions/${sub.id}/status`, { status: 'paused', reason });
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/already paused/);

    const resumed = await call('POST', `/api/centra-subscriptions/${sub.id}/status`, { status: 'active', reason: 'customer is back from holiday' });
    expect(resumed.status).toBe(200);
    expect(resumed.body.status).toBe('active');
    expect(resumed.body.nextOrderDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(parse((await entries(resumed.requestId))[0]!.request).reason).toEqual({ code: 'other', text: 'customer is back from holiday' });
    expect(await indexedStatus(zoeId, sub.id)).toBe('active');
  });

  it('refuses to reactivate a cancelled subscription: 409, nothing sent, one failed entry', async () => {
    const done = (await zoeContracts()).find((k) => k.subscriptions.every((s) => s.status === 'cancelled'))!;
    const sub = done.subscriptions[0]!;
    const before = (await remoteStats(server)).status;
    const res = await call('POST', `/api/centra-subscriptions/${sub.id}/status`, { status: 'active', reason });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/cancelled/);
    expect(res.body.message).toMatch(/final/);
    expect(res.body.message).toMatch(/check out again|checks out again/);
    expect((await remoteStats(server)).status).toBe(before);
    const log = await entries(res.requestId);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ action: 'centra.subscription.status', outcome: 'failed', customer_id: zoeId, target_id: String(sub.id) });
    expect(parse(log[0]!.error)).toMatchObject({ stage: 'localRule', status: 409 });
    expect(parse(log[0]!.before).status).toBe('cancelled');
    expect(parse(log[0]!.request).reason).toEqual(reason);
  });

  it('cancelling the last live subscription warns first, then Centra purges the payment details', async () => {
    const f = await pick(
      (x) =>
        x.contract.subscriptions.filter((s) => s.status !== 'cancelled').length === 1 && x.sub.status === 'active' && x.contract.subscriptionPayment.length > 0,
      'is the last live one on a contract with payment details',
    );
    const preview = await call('GET', `/api/centra-subscriptions/${f.sub.id}`);
    expect(preview.body.cancelPurgesPayment).toBe(true);
    const res = await call('POST', `/api/centra-subscriptions/${f.sub.id}/status`, { status: 'cancelled', reason: { code: 'moving_abroad' } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    const k = (await centra.getContracts(f.email)).find((c) => c.id === f.contract.id)!;
    expect(k.subscriptionPayment).toEqual([]);
    expect(await indexedStatus(customerOf(f), f.sub.id)).toBe('cancelled');
  });

  it('does not warn about a purge while another subscription on the contract stays live', async () => {
    const sub = (await demoContract()).subscriptions[1]!;
    expect((await call('GET', `/api/centra-subscriptions/${sub.id}`)).body.cancelPurgesPayment).toBe(false);
  });
});

describe('POST /api/centra-subscriptions/:id/quantity', () => {
  it('needs a whole number of at least 1', async () => {
    const sub = (await demoContract()).subscriptions[0]!;
    expect((await call('POST', `/api/centra-subscriptions/${sub.id}/quantity`, { quantity: 0 })).body.errors).toEqual({ quantity: 'must be at least 1' });
    expect((await call('POST', `/api/centra-subscriptions/${sub.id}/quantity`, { quantity: 1.5 })).status).toBe(400);
    expect((await call('POST', `/api/centra-subscriptions/${sub.id}/quantity`, { quantity: '2' })).status).toBe(400);
  });

  it("refuses an increase when the plan's terms changed, saying why; nothing sent", async () => {
    const stale = (await demoContract()).subscriptions[3]!;
    const before = (await remoteStats(server)).quantity;
    const res = await call('POST', `/api/centra-subscriptions/${stale.id}/quantity`, { quantity: stale.quantity + 1 });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/changed since the customer subscribed/);
    expect(res.body.message).toMatch(/add a new subscription/);
    expect((await remoteStats(server)).quantity).toBe(before);
  });

  it('increases on unchanged terms and decreases always, audited', async () => {
    const f = await pick(
      (x) => x.sub.status === 'active' && x.sub.plan !== null && x.sub.lines[0]!.item.startsWith('1-') && x.sub.discount === 10 && x.sub.quantity === 1,
      'is an Espresso subscription on current terms',
    );
    const up = await call('POST', `/api/centra-subscriptions/${f.sub.id}/quantity`, { quantity: 3 });
    expect(up.status).toBe(200);
    expect(up.body.quantity).toBe(3);
    expect((await entries(up.requestId)).map((e) => e.outcome)).toEqual(['requested', 'succeeded']);
    const down = await call('POST', `/api/centra-subscriptions/${f.sub.id}/quantity`, { quantity: 2 });
    expect(down.body.quantity).toBe(2);
    const same = await call('POST', `/api/centra-subscriptions/${f.sub.id}/quantity`, { quantity: 2 });
    expect(same.status).toBe(400);
  });

  it('decreases even when an increase would be refused', async () => {
    const f = await pick((x) => x.sub.status !== 'cancelled' && x.sub.plan === null && x.sub.quantity > 1, 'has lost its plan and has more than one');
    const res = await call('POST', `/api/centra-subscriptions/${f.sub.id}/quantity`, { quantity: 1 });
    expect(res.status).toBe(200);
  });
});

describe('upstream failures', () => {
  it('a 500 on the write is a 502 with a failed entry, and is not retried', async () => {
    const f: Found = await pick((x) => x.sub.status === 'active', 'is active');
    const before = (await remoteStats(server)).status;
    await addFault(server, { kind: 'error500', method: 'PUT', pathPrefix: '/api/shop/subscription/status', times: 2 });
    const res = await call('POST', `/api/centra-subscriptions/${f.sub.id}/status`, { status: 'paused', reason });
    expect(res.status).toBe(502);
    expect(res.body.message).toMatch(/Centra/);
    // One of the two injected failures is left: the write was sent exactly once.
    expect((await activeFaults(server))[0]?.times).toBe(1);
    expect((await remoteStats(server)).status).toBe(before);
    const log = await entries(res.requestId);
    expect(log.map((e) => e.outcome)).toEqual(['requested', 'failed']);
    expect(parse(log[1]!.error)).toMatchObject({ system: 'centra', status: 500 });
    expect((await centra.getContracts(f.email)).flatMap((k) => k.subscriptions).find((s) => s.id === f.sub.id)!.status).toBe('active');
  });

  it('a write that gets no answer is a 504 that says to check before retrying', async () => {
    const f = await pick((x) => x.sub.status === 'active' && x.sub.plan !== null && x.sub.lines[0]!.item.startsWith('1-'), 'is an Espresso subscription');
    await addFault(server, { kind: 'timeout', method: 'PUT', pathPrefix: '/api/shop/subscription/interval', times: 1 });
    const res = await call('POST', `/api/centra-subscriptions/${f.sub.id}/interval`, { planId: '5' });
    expect(res.status).toBe(504);
    expect(res.body.message).toMatch(/check the customer page/);
    expect((await entries(res.requestId)).map((e) => e.outcome)).toEqual(['requested', 'failed']);
  });

  it('a failing read before the change is a 502 with one failed entry (nothing requested)', async () => {
    const f = await pick((x) => x.sub.status === 'active', 'is active');
    await addFault(server, { kind: 'error500', pathPrefix: '/api/shop/customers/' });
    const res = await call('POST', `/api/centra-subscriptions/${f.sub.id}/status`, { status: 'paused', reason });
    expect(res.status).toBe(502);
    const log = await entries(res.requestId);
    expect(log.map((e) => e.outcome)).toEqual(['failed']);
    expect(parse(log[0]!.error).stage).toBe('read');
  });
});

describe('reconciliation after a crash', () => {
  it('settles a requested status change that reached Centra as succeeded, by the system', async () => {
    const f = await pick((x) => x.sub.status === 'active', 'is active');
    const requestId = randomUUID();
    const base = {
      requestId,
      actor: { type: 'staff' as const, id: '1', email: 'support@test', role: 'support' },
      action: 'centra.subscription.status',
      target: { type: 'centra-subscription', id: String(f.sub.id) },
      customerId: customerOf(f),
    };
    await server.deps.audit.append({ ...base, outcome: 'requested', request: { status: 'paused', reason }, before: f.sub });
    // The crash: Centra applied the change, subdesk never wrote the outcome.
    await centra.updateStatus(f.sub.id, 'paused');
    const report = await reconcilePending(server.deps);
    expect(report.settled).toBeGreaterThanOrEqual(1);
    const log = await entries(requestId);
    expect(log.map((e) => [e.outcome, e.actor_type])).toEqual([
      ['requested', 'staff'],
      ['succeeded', 'system'],
    ]);
    expect(parse(log[1]!.after).status).toBe('paused');
  });

  it('settles a requested interval change that never reached Centra as failed', async () => {
    const f = await pick(
      (x) => x.sub.status === 'active' && x.sub.plan !== null && x.sub.lines[0]!.item.startsWith('1-') && x.sub.plan.id !== '5',
      'is an Espresso subscription not on plan 5',
    );
    const requestId = randomUUID();
    await server.deps.audit.append({
      requestId,
      actor: { type: 'system' },
      action: 'centra.subscription.interval',
      outcome: 'requested',
      target: { type: 'centra-subscription', id: String(f.sub.id) },
      customerId: customerOf(f),
      request: { planId: '5' },
      before: f.sub,
    });
    await reconcilePending(server.deps);
    expect((await entries(requestId)).map((e) => e.outcome)).toEqual(['requested', 'failed']);
  });

  it('settles a requested address change by comparing the fields', async () => {
    const f = await pick((x) => x.sub.status === 'active', 'is active');
    const requestId = randomUUID();
    const change = { ...f.contract.shippingAddress, address1: 'Reconciled Road 1' };
    const { country: _c, state: _s, ...fields } = change;
    await server.deps.audit.append({
      requestId,
      actor: { type: 'system' },
      action: 'centra.contract.address',
      outcome: 'requested',
      target: { type: 'centra-contract', id: String(f.contract.id) },
      customerId: customerOf(f),
      request: fields,
      before: f.contract,
    });
    await centra.updateAddress({ customer: f.email, contract: f.contract.id, ...fields });
    await reconcilePending(server.deps);
    expect((await entries(requestId)).map((e) => e.outcome)).toEqual(['requested', 'succeeded']);
  });
});

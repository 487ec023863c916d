import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { UpstreamError } from '../server/upstream/errors.ts';
import type { CentraClient, CentraPlan } from '../server/upstream/centra.ts';
import { everyContract, picker, remoteStats, type Found } from './centra-helpers.ts';
import { plusInterval, today } from '../server/centra/dates.ts';

/** Centra's subscription rules, through the real client against the emulator over HTTP. */
let server: TestServer;
let centra: CentraClient;
let pick: ReturnType<typeof picker>;
const plans = new Map<string, CentraPlan>();
const itemPlans = new Map<string, Set<string>>();

beforeAll(async () => {
  server = await startTestServer();
  centra = server.deps.centra;
  pick = picker(centra);
  for (const p of await centra.listProducts()) {
    for (const plan of p.subscriptionPlans) plans.set(plan.id, plan);
    for (const i of p.items) itemPlans.set(i.item, new Set(p.subscriptionPlans.map((x) => x.id)));
  }
});
afterAll(async () => {
  await server?.close();
});

async function refusal(p: Promise<unknown>): Promise<UpstreamError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UpstreamError);
  return err as UpstreamError;
}

const itemOf = (f: Found) => f.sub.lines[0]!.item;
const plansOf = (f: Found) => itemPlans.get(itemOf(f)) ?? new Set<string>();
/** In its plan now, on the plan's current terms: the only case where quantity may grow. */
const onCurrentTerms = (f: Found) => {
  const plan = f.sub.plan && plansOf(f).has(f.sub.plan.id) ? plans.get(f.sub.plan.id) : undefined;
  return Boolean(
    plan &&
      f.sub.interval &&
      plan.intervalType === f.sub.interval.type &&
      plan.intervalValue === f.sub.interval.value &&
      plan.discountPercent === f.sub.discount,
  );
};
const live = (f: Found) => f.sub.status !== 'cancelled';

async function reread(f: Found) {
  const contract = (await centra.getContracts(f.email)).find((c) => c.id === f.contract.id)!;
  return { contract, sub: contract.subscriptions.find((s) => s.id === f.sub.id)! };
}

describe('address', () => {
  it("changes the contract's address, keeps the country, and counts one change", async () => {
    const f = await pick(live, 'is live');
    const before = await remoteStats(server);
    const contract = await centra.updateAddress({
      customer: f.email.toLowerCase(),
      contract: f.contract.id,
      firstName: 'Åsa',
      lastName: 'Öberg-Nilsson',
      address1: 'Nytorget 3',
      address2: 'lgh 1102',
      zipCode: '11640',
      city: 'Stockholm',
      phoneNumber: '+46701234567',
      email: 'asa.oberg@example.com',
    });
    expect(contract.id).toBe(f.contract.id);
    expect(contract.shippingAddress).toEqual({
      firstName: 'Åsa',
      lastName: 'Öberg-Nilsson',
      address1: 'Nytorget 3',
      address2: 'lgh 1102',
      zipCode: '11640',
      city: 'Stockholm',
      phoneNumber: '+46701234567',
      email: 'asa.oberg@example.com',
      country: f.contract.shippingAddress.country,
      state: f.contract.shippingAddress.state,
    });
    expect((await reread(f)).contract.shippingAddress.address1).toBe('Nytorget 3');
    expect((await remoteStats(server)).address).toBe(before.address! + 1);
  });

  it('is served on the plural path too', async () => {
    const f = await pick(live, 'is live');
    const body = await centra.shop.request({
      method: 'PUT',
      path: '/subscriptions/address',
      body: { customer: f.email, contract: f.contract.id, city: 'Plural City' },
      schema: z.object({ contract: z.object({ shippingAddress: z.object({ city: z.string() }) }) }),
    });
    expect(body.contract.shippingAddress.city).toBe('Plural City');
  });

  it("refuses a country change with Centra's message and changes nothing", async () => {
    const f = await pick(live, 'is live');
    const err = await refusal(
      centra.shop.request({
        method: 'PUT',
        path: '/subscription/address',
        body: { customer: f.email, contract: f.contract.id, city: 'Oslo', country: 'NO' },
        schema: z.unknown(),
      }),
    );
    expect(err.details.status).toBe(400);
    expect(err.details.fieldErrors).toEqual({ country: 'cannot be changed; cancel and check out again' });
    expect((await reread(f)).contract.shippingAddress).toEqual(f.contract.shippingAddress);
  });

  it("refuses a contract that is not the customer's", async () => {
    const mine = await pick(live, 'is live');
    const other = await pick((f) => f.customerId !== mine.customerId, 'belongs to someone else');
    const { country: _c, state: _s, ...address } = mine.contract.shippingAddress;
    const err = await refusal(centra.updateAddress({ ...address, customer: other.email, contract: mine.contract.id }));
    expect(err.details.status).toBe(404);
    expect(err.details.fieldErrors).toEqual({ contract: 'not found' });
  });
});

describe('interval', () => {
  it('refuses a plan the item is not in now', async () => {
    const retired = await pick((f) => f.sub.status === 'active' && plansOf(f).size === 0, 'is on an item in no plan');
    const err = await refusal(centra.updateInterval(retired.sub.id, retired.sub.plan?.id ?? '1'));
    expect(err.details.status).toBe(400);
    expect(err.details.fieldErrors).toEqual({ subscriptionPlan: 'not available for this item' });
    const inPlans = await pick((f) => live(f) && plansOf(f).size > 0 && plansOf(f).size < plans.size, 'is in some plans only');
    const notItsPlan = [...plans.keys()].find((id) => !plansOf(inPlans).has(id))!;
    const err2 = await refusal(centra.updateInterval(inPlans.sub.id, notItsPlan));
    expect(err2.details.fieldErrors).toEqual({ subscriptionPlan: 'not available for this item' });
    expect((await reread(inPlans)).sub).toEqual(inPlans.sub);
  });

  it('copies interval and discount from the plan and keeps the next order date', async () => {
    const f = await pick((x) => x.sub.status === 'active' && [...plansOf(x)].some((id) => id !== x.sub.plan?.id), 'could move to another plan');
    const target = plans.get([...plansOf(f)].find((id) => id !== f.sub.plan?.id)!)!;
    const before = await remoteStats(server);
    const sub = await centra.updateInterval(f.sub.id, target.id);
    expect(sub.plan?.id).toBe(target.id);
    expect(sub.interval).toEqual({ type: target.intervalType, value: target.intervalValue });
    expect(sub.discount).toBe(target.discountPercent);
    expect(sub.nextOrderDate).toBe(f.sub.nextOrderDate);
    expect((await reread(f)).sub.interval).toEqual(sub.interval);
    expect((await remoteStats(server)).interval).toBe(before.interval! + 1);
  });
});

describe('status', () => {
  it('pausing clears the next order date', async () => {
    const f = await pick((x) => x.sub.status === 'active', 'is active');
    expect(f.sub.nextOrderDate).not.toBeNull();
    const sub = await centra.updateStatus(f.sub.id, 'paused');
    expect(sub.status).toBe('paused');
    expect(sub.nextOrderDate).toBeNull();
    expect((await reread(f)).sub.nextOrderDate).toBeNull();
  });

  it('resuming restarts from today plus one interval', async () => {
    const f = await pick((x) => x.sub.status === 'paused' && x.sub.interval?.type !== 'day', 'is paused');
    const before = plusInterval(today(new Date()), f.sub.interval!);
    const sub = await centra.updateStatus(f.sub.id, 'active');
    const after = plusInterval(today(new Date()), f.sub.interval!);
    expect(sub.status).toBe('active');
    expect([before, after]).toContain(sub.nextOrderDate);
  });

  it('accepts POST as well as PUT', async () => {
    const f = await pick((x) => x.sub.status === 'active', 'is active');
    const body = await centra.shop.request({
      method: 'POST',
      path: '/subscription/status',
      body: { subscription: f.sub.id, status: 'paused' },
      schema: z.object({ subscription: z.object({ status: z.string() }) }),
    });
    expect(body.subscription.status).toBe('paused');
  });

  it('cancelled is final', async () => {
    const f = await pick((x) => x.sub.status === 'cancelled', 'is cancelled');
    for (const status of ['active', 'paused'] as const) {
      const err = await refusal(centra.updateStatus(f.sub.id, status));
      expect(err.details.status).toBe(400);
      expect(err.details.fieldErrors).toEqual({ status: 'cancelled subscriptions cannot be reactivated' });
    }
    expect((await reread(f)).sub.status).toBe('cancelled');
  });

  it('setting the status it already has is a successful no-op', async () => {
    const f = await pick((x) => x.sub.status === 'active', 'is active');
    const before = await remoteStats(server);
    const sub = await centra.updateStatus(f.sub.id, 'active');
    expect(sub).toEqual(f.sub);
    expect((await remoteStats(server)).status).toBe(before.status);
  });

  it('cancelling the last live subscription of a contract purges its payment details', async () => {
    const contracts = await everyContract(centra);
    const target = contracts.find(
      (e) => e.contract.subscriptionPayment.length > 0 && e.contract.subscriptions.filter((s) => s.status !== 'cancelled').length >= 2,
    )!;
    expect(target).toBeDefined();
    const liveSubs = target.contract.subscriptions.filter((s) => s.status !== 'cancelled');
    for (const s of liveSubs.slice(0, -1)) await centra.updateStatus(s.id, 'cancelled');
    let now = (await centra.getContracts(target.email)).find((c) => c.id === target.contract.id)!;
    expect(now.subscriptionPayment).toEqual(target.contract.subscriptionPayment);
    const last = await centra.updateStatus(liveSubs.at(-1)!.id, 'cancelled');
    expect(last).toMatchObject({ status: 'cancelled', nextOrderDate: null });
    now = (await centra.getContracts(target.email)).find((c) => c.id === target.contract.id)!;
    expect(now.subscriptionPayment).toEqual([]);
    expect(now.subscriptions.every((s) => s.status === 'cancelled')).toBe(true);
  });
});

describe('quantity', () => {
  it('may always decrease, even on an item in no plan', async () => {
    const f = await pick((x) => live(x) && x.sub.quantity >= 2 && plansOf(x).size === 0, 'is on a retired item with quantity 2+').catch(() =>
      pick((x) => live(x) && x.sub.quantity >= 2 && !onCurrentTerms(x), 'is off current terms with quantity 2+'),
    );
    const before = await remoteStats(server);
    const sub = await centra.updateQuantity(f.email, f.contract.id, f.sub.id, f.sub.quantity - 1);
    expect(sub.quantity).toBe(f.sub.quantity - 1);
    expect(sub.lines[0]!.quantity).toBe(f.sub.quantity - 1);
    expect((await remoteStats(server)).quantity).toBe(before.quantity! + 1);
  });

  it('may increase while the item is in the same plan on the same terms', async () => {
    const f = await pick((x) => x.sub.status === 'active' && onCurrentTerms(x), 'is on current terms');
    const sub = await centra.updateQuantity(f.email.toUpperCase(), f.contract.id, f.sub.id, f.sub.quantity + 2);
    expect(sub.quantity).toBe(f.sub.quantity + 2);
    expect((await reread(f)).sub.quantity).toBe(f.sub.quantity + 2);
  });

  it("may not increase on an item in no plan, nor when the plan's terms changed", async () => {
    const retired = await pick((x) => live(x) && plansOf(x).size === 0, 'is on an item in no plan');
    const stale = await pick((x) => live(x) && x.sub.plan !== null && plansOf(x).has(x.sub.plan.id) && !onCurrentTerms(x), 'is in its plan on old terms');
    for (const f of [retired, stale]) {
      const err = await refusal(centra.updateQuantity(f.email, f.contract.id, f.sub.id, f.sub.quantity + 1));
      expect(err.details.status).toBe(400);
      expect(Object.keys(err.details.fieldErrors ?? {})).toEqual(['quantity']);
      expect((await reread(f)).sub.quantity).toBe(f.sub.quantity);
    }
  });

  it("must be at least 1, on a live subscription of that customer's contract", async () => {
    const f = await pick(live, 'is live');
    const zero = await refusal(centra.updateQuantity(f.email, f.contract.id, f.sub.id, 0));
    expect(zero.details.status).toBe(400);
    expect(Object.keys(zero.details.fieldErrors ?? {})).toEqual(['quantity']);
    const other = await pick((x) => x.customerId !== f.customerId, 'belongs to someone else');
    const foreign = await refusal(centra.updateQuantity(other.email, f.contract.id, f.sub.id, 1));
    expect(foreign.details.status).toBe(404);
    const cancelled = await pick((x) => x.sub.status === 'cancelled', 'is cancelled');
    const final = await refusal(centra.updateQuantity(cancelled.email, cancelled.contract.id, cancelled.sub.id, 1));
    expect(final.details.status).toBe(400);
  });
});

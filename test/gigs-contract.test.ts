import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { UpstreamError } from '../server/upstream/errors.ts';
import type { GigsClient, GigsSubscription, GigsUser } from '../server/upstream/gigs.ts';
import { gigsClient, gigsRaw, seededPeople } from './gigs-helpers.ts';

let t: TestServer;
let gigs: GigsClient;
beforeAll(async () => {
  t = await startTestServer();
  gigs = gigsClient(t);
}, 60_000);
afterAll(() => t?.close());

async function upstreamError(p: Promise<unknown>): Promise<UpstreamError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UpstreamError);
  return err as UpstreamError;
}

async function allSubs(filter = {}) {
  const out: GigsSubscription[] = [];
  for await (const page of gigs.allSubscriptions(filter)) {
    expect(page.length).toBeLessThanOrEqual(200);
    out.push(...page);
  }
  return out;
}

const ID = (prefix: string) => new RegExp(`^${prefix}_[0-9A-Za-z]{28}$`);
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('Gigs client against the emulator: users', () => {
  it('is wired into subdesk: the app client reaches the sandbox', async () => {
    await expect(t.deps.gigs.ping()).resolves.toBeUndefined();
  });

  it('pages users newest first across several pages with after, and back with before', async () => {
    const p1 = await gigs.listUsers({ limit: 7 });
    expect(p1.items).toHaveLength(7);
    expect(p1.moreItemsBefore).toBeNull();
    expect(p1.moreItemsAfter).toBe(p1.items[6]!.id);
    const p2 = await gigs.listUsers({ limit: 7, after: p1.moreItemsAfter! });
    const p3 = await gigs.listUsers({ limit: 7, after: p2.moreItemsAfter! });
    expect(p2.moreItemsBefore).toBe(p2.items[0]!.id);
    const ids = [...p1.items, ...p2.items, ...p3.items].map((u) => u.id);
    expect(new Set(ids).size).toBe(21);
    const times = [...p1.items, ...p2.items, ...p3.items].map((u) => u.createdAt!);
    expect([...times].sort().reverse()).toEqual(times);
    const back = await gigs.listUsers({ limit: 7, before: p2.moreItemsBefore! });
    expect(back.items.map((u) => u.id)).toEqual(p1.items.map((u) => u.id));
    expect(back.moreItemsBefore).toBeNull();
    expect(back.moreItemsAfter).toBe(p1.items[6]!.id);
  });

  it('walks every user with allUsers, one seeded user per person in Gigs, lower-case e-mails', async () => {
    const users: GigsUser[] = [];
    let pages = 0;
    for await (const page of gigs.allUsers()) {
      pages++;
      expect(page.length).toBeLessThanOrEqual(200);
      users.push(...page);
    }
    const inGigs = seededPeople().filter((p) => p.inGigs);
    expect(pages).toBeGreaterThan(1);
    expect(users).toHaveLength(inGigs.length);
    expect(new Set(users.map((u) => u.email))).toEqual(new Set(inGigs.map((p) => p.email)));
    for (const u of users) {
      expect(u.id).toMatch(ID('usr'));
      expect(u.email).toBe(u.email.toLowerCase());
      expect(u.createdAt).toMatch(ISO_UTC);
    }
    expect(users.some((u) => u.status === 'blocked')).toBe(true);
    expect(users.filter((u) => u.status === 'active').length).toBeGreaterThan(users.length * 0.9);
  });

  it('resumes a walk from a cursor: allUsers({after}) and allSubscriptions({after})', async () => {
    const p1 = await gigs.listUsers({ limit: 5 });
    const p2 = await gigs.listUsers({ limit: 5, after: p1.moreItemsAfter! });
    const resumed = await gigs.allUsers({ after: p1.moreItemsAfter! }).next();
    expect(resumed.value!.slice(0, 5).map((u: GigsUser) => u.id)).toEqual(p2.items.map((u) => u.id));
    const s1 = await gigs.listSubscriptions({ status: 'ended', limit: 3 });
    const sResumed = await gigs.allSubscriptions({ status: 'ended', after: s1.moreItemsAfter! }).next();
    expect(sResumed.value!.every((s: GigsSubscription) => s.status === 'ended')).toBe(true);
    expect(sResumed.value!.map((s: GigsSubscription) => s.id)).not.toContain(s1.items[0]!.id);
  });

  it('gets one user, and 404 notFound for an unknown id', async () => {
    const [first] = (await gigs.listUsers({ limit: 1 })).items;
    expect(await gigs.getUser(first!.id)).toEqual(first);
    const err = await upstreamError(gigs.getUser('usr_doesnotexist'));
    expect(err.kind).toBe('http');
    expect(err.status).toBe(404);
    expect(err.details.type).toBe('notFound');
  });

  it('searches users by e-mail case-insensitively, null when none', async () => {
    const demo = seededPeople()[0]!;
    const found = await gigs.searchUsersByEmail(`  ${demo.email.toUpperCase()} `);
    expect(found?.email).toBe(demo.email);
    expect(found?.fullName).toBe('Zoë Ångström');
    expect(await gigs.searchUsersByEmail('nobody@example.com')).toBeNull();
  });
});

describe('Gigs client against the emulator: subscriptions', () => {
  it('lists all subscriptions (no filter) and by each status; every status is seeded', async () => {
    const all = await allSubs();
    expect(all.length).toBeGreaterThan(200);
    let sum = 0;
    for (const status of ['pending', 'initiated', 'active', 'ended']) {
      const subs = await allSubs({ status });
      expect(subs.length, status).toBeGreaterThan(0);
      expect(subs.every((s) => s.status === status)).toBe(true);
      sum += subs.length;
    }
    expect(sum).toBe(all.length);
    const times = all.map((s) => s.createdAt!);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("embeds plan, sim and user; voice lines carry the person's E.164 number; ICCIDs are 19-20 digits", async () => {
    const all = await allSubs();
    const people = new Map(seededPeople().map((p) => [p.email, p]));
    for (const s of all) {
      expect(s.id).toMatch(ID('sub'));
      expect(s.plan?.id).toMatch(ID('pln'));
      expect(s.user?.id).toMatch(ID('usr'));
      expect(s.sim?.iccid).toMatch(/^\d{19,20}$/);
      if (s.phoneNumber) expect(s.phoneNumber).toMatch(/^\+[1-9]\d{6,14}$/);
      if (s.status === 'active' || s.status === 'ended') expect(s.activatedAt).toMatch(ISO_UTC);
    }
    const personal = all.filter((s) => s.phoneNumber && s.phoneNumber === people.get(s.user!.email)?.phone);
    expect(personal.length).toBeGreaterThan(10);
    expect(all.filter((s) => s.phoneNumber).every((s) => s.plan!.allowances!.voiceSeconds !== 0)).toBe(true);
    const canceledRunning = all.filter((s) => s.status === 'active' && s.canceledAt && s.endedAt! > new Date().toISOString());
    expect(canceledRunning.length).toBeGreaterThan(0);
    expect(all.some((s) => s.status === 'ended' && s.endedAt! < new Date().toISOString() && s.cancellationDetails?.cause)).toBe(true);
    expect(all.some((s) => s.porting?.status === 'pending')).toBe(true);
    expect(
      all.some(
        (s) => s.status === 'active' && s.currentPeriod && s.currentPeriod.start <= new Date().toISOString() && s.currentPeriod.end > new Date().toISOString(),
      ),
    ).toBe(true);
  });

  it('filters by user and by plan, and gets one subscription', async () => {
    const demo = (await gigs.searchUsersByEmail(seededPeople()[0]!.email))!;
    const mine = await gigs.listSubscriptions({ user: demo.id, limit: 200 });
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((s) => s.user!.id === demo.id)).toBe(true);
    const active = await gigs.listSubscriptions({ user: demo.id, status: 'active' });
    expect(active.items.every((s) => s.status === 'active' && s.user!.id === demo.id)).toBe(true);
    const planId = mine.items[0]!.plan!.id;
    const onPlan = await allSubs({ plan: planId });
    expect(onPlan.length).toBeGreaterThan(0);
    expect(onPlan.every((s) => s.plan!.id === planId)).toBe(true);
    const one = await gigs.getSubscription(mine.items[0]!.id);
    expect(one).toEqual(mine.items[0]);
    expect((await upstreamError(gigs.getSubscription('sub_nope'))).status).toBe(404);
  });

  it('pages subscriptions with after and before under a filter', async () => {
    const p1 = await gigs.listSubscriptions({ status: 'active', limit: 5 });
    const p2 = await gigs.listSubscriptions({ status: 'active', limit: 5, after: p1.moreItemsAfter! });
    expect(p2.items.every((s) => s.status === 'active')).toBe(true);
    expect(p2.items[0]!.id).not.toBe(p1.items[4]!.id);
    const back = await gigs.listSubscriptions({ status: 'active', limit: 5, before: p2.moreItemsBefore! });
    expect(back.items.map((s) => s.id)).toEqual(p1.items.map((s) => s.id));
  });
});

describe('Gigs client against the emulator: catalogue', () => {
  it('lists plans: an unlimited one, an archived one, a one-time one, providers p5 and p7', async () => {
    const plans = await gigs.listPlans();
    expect(plans.length).toBeGreaterThanOrEqual(5);
    expect(plans.length).toBeLessThanOrEqual(7);
    expect(plans.some((p) => p.allowances!.dataBytes === null && p.allowances!.voiceSeconds === null && p.allowances!.smsMessages === null)).toBe(true);
    expect(plans.some((p) => p.status === 'archived')).toBe(true);
    expect(plans.some((p) => p.validity!.type === 'oneTime')).toBe(true);
    expect(new Set(plans.map((p) => p.provider))).toEqual(new Set(['p5', 'p7']));
    expect(plans.every((p) => p.coverage!.countries.length > 0 && p.price!.amount > 0)).toBe(true);
    expect(await gigs.getPlan(plans[0]!.id)).toEqual(plans[0]);
    expect((await upstreamError(gigs.getPlan('pln_nope'))).details.type).toBe('notFound');
  });

  it('lists add-ons by status, provider and plan', async () => {
    const all = await gigs.listAddons();
    expect(all.length).toBeGreaterThanOrEqual(3);
    const p5 = await gigs.listAddons({ status: 'available', provider: 'p5' });
    expect(p5.length).toBeGreaterThan(0);
    expect(p5.every((a) => a.status === 'available' && a.provider === 'p5')).toBe(true);
    expect(p5.length).toBeLessThan(all.length);
    const planId = p5[0]!.plans[0]!;
    const forPlan = await gigs.listAddons({ plan: planId });
    expect(forPlan.every((a) => a.plans.includes(planId))).toBe(true);
    expect(all.some((a) => a.type === 'topUp')).toBe(true);
    expect(await gigs.getAddon(all[0]!.id)).toEqual(all[0]);
  });

  it('lists subscription add-ons by subscription and by user, the add-on embedded', async () => {
    const raw = await (await gigsRaw(t, '/subscriptionAddons?limit=3')).json();
    expect(raw.items).toHaveLength(3);
    const sad = raw.items[0];
    expect(sad.id).toMatch(ID('sad'));
    const bySub = await gigs.listSubscriptionAddons({ subscription: sad.subscription });
    expect(bySub.map((s) => s.id)).toContain(sad.id);
    expect(bySub.every((s) => s.subscription === sad.subscription && s.addon?.object === 'addon')).toBe(true);
    const byUser = await gigs.listSubscriptionAddons({ user: sad.user });
    expect(byUser.every((s) => s.user === sad.user)).toBe(true);
    expect(byUser.map((s) => s.id)).toContain(sad.id);
  });
});

describe('Gigs wire rules', () => {
  it('answers 401 unauthenticated to a bad or missing key, before anything else', async () => {
    const bad = gigsClient(t, { apiKey: 'gpk_wrong' });
    const err = await upstreamError(bad.listPlans());
    expect(err.status).toBe(401);
    expect(err.details.type).toBe('unauthenticated');
    const res = await gigsRaw(t, '/plans?bogus=1', { key: null });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ object: 'error', type: 'unauthenticated', message: 'Invalid authorization token' });
  });

  it('answers 404 to another project and to unknown endpoints', async () => {
    const other = gigsClient(t, { project: 'someone-else' });
    const err = await upstreamError(other.listPlans());
    expect(err.status).toBe(404);
    expect(err.details.type).toBe('notFound');
    const res = await gigsRaw(t, '/nothingHere');
    expect(res.status).toBe(404);
    expect((await res.json()).object).toBe('error');
  });

  it.each([
    ['/subscriptions?colour=red', /colour/],
    ['/subscriptions?user=', /user/],
    ['/subscriptions?status=paused', /status/],
    ['/users?limit=0', /limit/],
    ['/users?limit=201', /limit/],
    ['/users?limit=ten', /limit/],
    ['/users?after=usr_a&before=usr_b', /after/],
    ['/users?after=usr_unknown', /after/],
    ['/addons?provider=vodafone', /provider/],
    ['/plans/x?expand=1', /expand/],
  ])('rejects %s with 400 invalid', async (path, mentions) => {
    const res = await gigsRaw(t, path);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.object).toBe('error');
    expect(body.type).toBe('invalid');
    expect(body.message).toMatch(mentions);
  });

  it('keeps 400 invalid as a typed UpstreamError through the client', async () => {
    const err = await upstreamError(gigs.listSubscriptions({ status: 'paused' }));
    expect(err.kind).toBe('http');
    expect(err.status).toBe(400);
    expect(err.details.type).toBe('invalid');
    expect(err.message).toMatch(/status/);
  });

  it('defaults to 10 items and collapses // in paths (the example app does that)', async () => {
    const res = await fetch(`${t.url}/sandbox/gigs/projects/subdesk-sandbox//users`, {
      headers: { authorization: `Bearer ${t.sandbox!.credentials.gigsApiKey}` },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Object.keys(body)).toEqual(['object', 'items', 'moreItemsAfter', 'moreItemsBefore']);
    expect(body.items).toHaveLength(10);
  });
});

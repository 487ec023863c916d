import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { UpstreamError } from '../server/upstream/errors.ts';
import type { GigsClient, GigsPlan, GigsSubscription, GigsUser } from '../server/upstream/gigs.ts';
import { gigsClient, gigsRaw, onTestServer, parseHostedPage, seededPeople, submitForm } from './gigs-helpers.ts';

let t: TestServer;
let gigs: GigsClient;
let plans: GigsPlan[];
let demo: GigsUser;
let callback: string;
beforeAll(async () => {
  t = await startTestServer();
  gigs = gigsClient(t);
  plans = await gigs.listPlans();
  demo = (await gigs.searchUsersByEmail(seededPeople()[0]!.email))!;
  callback = `${t.url}/connect/done?from=subdesk`;
}, 60_000);
afterAll(() => t?.close());

let keyCounter = 0;
const key = () => `test-key-${Date.now()}-${keyCounter++}`;

async function upstreamError(p: Promise<unknown>): Promise<UpstreamError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UpstreamError);
  return err as UpstreamError;
}

const post = (body: unknown, headers: Record<string, string> = {}) =>
  gigsRaw(t, '/connectSessions', {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'idempotency-key': key(), ...headers },
  });

const available = () => plans.find((p) => p.status === 'available')!;
const archived = () => plans.find((p) => p.status === 'archived')!;

async function subsOf(userId: string, status?: string): Promise<GigsSubscription[]> {
  return (await gigs.listSubscriptions({ user: userId, status, limit: 200 })).items;
}

/** A seeded user with a subscription in a given state and no Connect activity yet. */
async function findSubscription(pred: (s: GigsSubscription) => boolean): Promise<GigsSubscription> {
  for await (const page of gigs.allSubscriptions()) {
    const hit = page.find((s) => pred(s) && s.user?.status === 'active');
    if (hit) return hit;
  }
  throw new Error('no such seeded subscription');
}

describe('POST /connectSessions', () => {
  it('answers 201 with the session, a url on the hosted page and a csn_ id', async () => {
    const res = await post({
      intent: { type: 'checkoutNewSubscription', checkoutNewSubscription: { plan: available().id } },
      user: demo.id,
      callbackUrl: callback,
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({
      object: 'connectSession',
      user: demo.id,
      callbackUrl: callback,
      intent: { type: 'checkoutNewSubscription', checkoutNewSubscription: { plan: available().id } },
    });
    expect(body.id).toMatch(/^csn_[0-9A-Za-z]{28}$/);
    expect(body.url).toMatch(new RegExp(`/sandbox/gigs/connect/sessions/${body.id}\\?token=[A-Za-z0-9_-]{20,}$`));
  });

  it('creates through the client, and reads back without the url, status pending', async () => {
    const created = await gigs.createConnectSession({ intent: { type: 'updatePaymentMethod' }, user: demo.id, callbackUrl: callback }, key());
    expect(created.url).toContain(created.id);
    const read = await gigs.getConnectSession(created.id);
    expect(read.id).toBe(created.id);
    expect(read).not.toHaveProperty('url');
    expect(read.status).toBe('pending');
    expect(read.intent.type).toBe('updatePaymentMethod');
    expect((await upstreamError(gigs.getConnectSession('csn_nope'))).status).toBe(404);
  });

  it('replays the first answer byte for byte for the same Idempotency-Key; another key makes a new session', async () => {
    const k = key();
    const body = { intent: { type: 'viewSubscription', viewSubscription: { subscription: (await subsOf(demo.id))[0]!.id } }, user: demo.id };
    const first = await post(body, { 'idempotency-key': k });
    const second = await post(body, { 'idempotency-key': k });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    const text = await first.text();
    expect(await second.text()).toBe(text);
    const viaClient = await gigs.createConnectSession(body as never, k);
    expect(viaClient.id).toBe(JSON.parse(text).id);
    expect(viaClient.url).toBe(JSON.parse(text).url);
    const other = await gigs.createConnectSession(body as never, key());
    expect(other.id).not.toBe(viaClient.id);
    expect(other.url).not.toBe(viaClient.url);
  });

  it('counts a created session once, not its replays', async () => {
    const before = t.sandbox!.gigsEmulator.stats()['connectSession.create'] ?? 0;
    const k = key();
    const body = { intent: { type: 'updatePaymentMethod' }, user: demo.id };
    await gigs.createConnectSession(body, k);
    await gigs.createConnectSession(body, k);
    expect(t.sandbox!.gigsEmulator.stats()['connectSession.create']).toBe(before + 1);
    const viaHttp = await (await gigsRaw(t, '/_sandbox/stats')).json();
    expect(viaHttp).toEqual(t.sandbox!.gigsEmulator.stats());
  });

  it('rejects an Idempotency-Key over 255 characters', async () => {
    const res = await post({ intent: { type: 'updatePaymentMethod' }, user: demo.id }, { 'idempotency-key': 'k'.repeat(256) });
    expect(res.status).toBe(400);
    expect((await res.json()).type).toBe('invalid');
  });

  it.each([
    ['an unknown field', { intent: { type: 'updatePaymentMethod' }, user: 'U', colour: 'red' }, /colour/],
    ['no intent', { user: 'U' }, /intent/],
    ['an unknown intent type', { intent: { type: 'teleport' }, user: 'U' }, /intent\.type/],
    ['a payload on updatePaymentMethod', { intent: { type: 'updatePaymentMethod', updatePaymentMethod: {} }, user: 'U' }, /intent\.updatePaymentMethod/],
    ['a missing payload', { intent: { type: 'changeSubscription' }, user: 'U' }, /changeSubscription/],
    ['an unknown payload field', { intent: { type: 'changeSubscription', changeSubscription: { subscription: 'sub_x', plan: 'pln_x' } }, user: 'U' }, /plan/],
    ['both user and userDetails', { intent: { type: 'updatePaymentMethod' }, user: 'U', userDetails: { email: 'a@example.com' } }, /user/],
    ['neither user nor userDetails', { intent: { type: 'updatePaymentMethod' } }, /user/],
    ['userDetails without email', { intent: { type: 'updatePaymentMethod' }, userDetails: { fullName: 'A' } }, /email/],
    ['userDetails with an unknown field', { intent: { type: 'updatePaymentMethod' }, userDetails: { email: 'a@example.com', phone: '1' } }, /phone/],
    ['a callbackUrl that is not a URL', { intent: { type: 'updatePaymentMethod' }, user: 'U', callbackUrl: 'not a url' }, /callbackUrl/],
  ])('rejects %s with 400 invalid', async (_name, body, mentions) => {
    const res = await post(JSON.parse(JSON.stringify(body).replaceAll('"U"', JSON.stringify(demo.id))));
    expect(res.status).toBe(400);
    const err = await res.json();
    expect(err).toMatchObject({ object: 'error', type: 'invalid' });
    expect(err.message).toMatch(mentions);
  });

  it('answers 400 malformed to a body that is not JSON', async () => {
    const res = await post('{"intent":');
    expect(res.status).toBe(400);
    expect((await res.json()).type).toBe('malformed');
  });

  it('refuses an archived plan with 422 planNotAvailable, through the client too', async () => {
    const err = await upstreamError(
      gigs.createConnectSession({ intent: { type: 'checkoutNewSubscription', checkoutNewSubscription: { plan: archived().id } }, user: demo.id }, key()),
    );
    expect(err.status).toBe(422);
    expect(err.details.type).toBe('unprocessable');
    expect(err.details.code).toBe('planNotAvailable');
    expect(err.message).toMatch(/archived/);
  });

  it('refuses subscriptions of another user, unknown users and add-ons that do not fit the plan', async () => {
    const someoneElses = await findSubscription((s) => s.user!.id !== demo.id);
    let err = await upstreamError(
      gigs.createConnectSession({ intent: { type: 'cancelSubscription', cancelSubscription: { subscription: someoneElses.id } }, user: demo.id }, key()),
    );
    expect([err.status, err.details.code]).toEqual([422, 'subscriptionNotOwned']);
    err = await upstreamError(
      gigs.createConnectSession({ intent: { type: 'viewSubscription', viewSubscription: { subscription: 'sub_nope' } }, user: demo.id }, key()),
    );
    expect([err.status, err.details.code]).toEqual([422, 'subscriptionNotFound']);
    err = await upstreamError(gigs.createConnectSession({ intent: { type: 'updatePaymentMethod' }, user: 'usr_nope' }, key()));
    expect([err.status, err.details.code]).toEqual([422, 'userNotFound']);
    const demoSub = (await subsOf(demo.id, 'active'))[0]!;
    const wrongAddon = (await gigs.listAddons()).find((a) => !a.plans.includes(demoSub.plan!.id))!;
    err = await upstreamError(
      gigs.createConnectSession(
        { intent: { type: 'checkoutAddon', checkoutAddon: { subscription: demoSub.id, addons: [wrongAddon.id] } }, user: demo.id },
        key(),
      ),
    );
    expect([err.status, err.details.code]).toEqual([422, 'addonNotAvailable']);
    // A new customer (userDetails, no user yet) owns no subscription.
    err = await upstreamError(
      gigs.createConnectSession(
        { intent: { type: 'viewSubscription', viewSubscription: { subscription: demoSub.id } }, userDetails: { email: 'fresh@example.com' } },
        key(),
      ),
    );
    expect(err.details.code).toBe('subscriptionNotOwned');
  });
});

describe('the hosted Connect page', () => {
  async function open(session: { url: string }) {
    const pageUrl = onTestServer(t, session.url);
    const res = await fetch(pageUrl);
    const html = await res.text();
    return { pageUrl, res, html, ...parseHostedPage(html) };
  }

  function expectCallback(res: Response, sessionId: string, status: string) {
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(`${t.url}/connect/done`);
    expect(location.searchParams.get('from')).toBe('subdesk');
    expect(location.searchParams.get('session_id')).toBe(sessionId);
    expect(location.searchParams.get('status')).toBe(status);
  }

  it('changes a plan: page without scripts, Complete posts, 303 to the callback with success, subscription changed', async () => {
    const sub = (await subsOf(demo.id, 'active'))[0]!;
    const session = await gigs.createConnectSession(
      { intent: { type: 'changeSubscription', changeSubscription: { subscription: sub.id } }, user: demo.id, callbackUrl: callback },
      key(),
    );
    const page = await open(session);
    expect(page.res.status).toBe(200);
    expect(page.res.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.html).not.toMatch(/<script/i);
    expect(page.html).toContain('Complete');
    expect(page.html).toContain('Abandon');
    expect(page.actions).toEqual([`${session.id}/complete`, `${session.id}/abandon`]);
    const newPlan = page.options[0]!;
    expect(newPlan).not.toBe(sub.plan!.id);
    const done = await submitForm(page.pageUrl, page.actions[0]!, { token: page.token!, plan: newPlan });
    expectCallback(done, session.id, 'success');
    const after = await gigs.getSubscription(sub.id);
    expect(after.plan!.id).toBe(newPlan);
    expect((await gigs.getConnectSession(session.id)).status).toBe('completed');
    expect(t.sandbox!.gigsEmulator.stats()['subscription.changePlan']).toBe(1);
    // Single use: neither the page nor a second Complete work again.
    expect((await fetch(page.pageUrl)).status).toBe(409);
    const again = await submitForm(page.pageUrl, page.actions[0]!, { token: page.token!, plan: sub.plan!.id });
    expect(again.status).toBe(409);
    expect((await gigs.getSubscription(sub.id)).plan!.id).toBe(newPlan);
  });

  it('abandons: 303 with status=aborted, nothing changes, the session reads abandoned', async () => {
    const sub = (await subsOf(demo.id, 'active'))[0]!;
    const session = await gigs.createConnectSession(
      { intent: { type: 'cancelSubscription', cancelSubscription: { subscription: sub.id } }, user: demo.id, callbackUrl: callback },
      key(),
    );
    const page = await open(session);
    const res = await submitForm(page.pageUrl, page.actions[1]!, { token: page.token! });
    expectCallback(res, session.id, 'aborted');
    expect((await gigs.getConnectSession(session.id)).status).toBe('abandoned');
    expect((await gigs.getSubscription(sub.id)).canceledAt).toBeNull();
  });

  it('refuses a wrong token with a 403 page', async () => {
    const session = await gigs.createConnectSession({ intent: { type: 'updatePaymentMethod' }, user: demo.id, callbackUrl: callback }, key());
    const wrong = onTestServer(t, session.url).replace(/token=.*/, 'token=not-the-token');
    expect((await fetch(wrong)).status).toBe(403);
    const page = await open(session);
    const res = await submitForm(page.pageUrl, page.actions[0]!, { token: 'not-the-token' });
    expect(res.status).toBe(403);
    // Shown to its customer (opened), never completed by the wrong token.
    expect((await gigs.getConnectSession(session.id)).status).toBe('opened');
  });

  it('checks out a new subscription for a new customer from userDetails', async () => {
    const plan = plans.find((p) => p.status === 'available' && p.allowances!.voiceSeconds !== 0)!;
    const email = `New.Customer.${Date.now()}@Example.com`;
    const session = await gigs.createConnectSession(
      {
        intent: { type: 'checkoutNewSubscription', checkoutNewSubscription: { plan: plan.id } },
        userDetails: { email, fullName: 'New Customer', preferredLocale: 'sv-SE' },
        callbackUrl: callback,
      },
      key(),
    );
    expect(session.user).toBeNull();
    const page = await open(session);
    expectCallback(await submitForm(page.pageUrl, page.actions[0]!, { token: page.token! }), session.id, 'success');
    const user = await gigs.searchUsersByEmail(email);
    expect(user).toMatchObject({ email: email.toLowerCase(), fullName: 'New Customer', preferredLocale: 'sv-SE', status: 'active' });
    const subs = await subsOf(user!.id);
    expect(subs).toHaveLength(1);
    expect(subs[0]).toMatchObject({ status: 'active', plan: { id: plan.id }, user: { id: user!.id } });
    expect(subs[0]!.phoneNumber).toMatch(/^\+\d{8,15}$/);
    expect(subs[0]!.currentPeriod?.number).toBe(1);
    expect((await gigs.getConnectSession(session.id)).user).toBe(user!.id);
  });

  it('cancels (canceledAt now, endedAt at the period end) and resumes', async () => {
    const sub = await findSubscription((s) => s.status === 'active' && !s.canceledAt && s.plan!.validity!.type === 'recurring');
    const owner = sub.user!.id;
    const cancel = await gigs.createConnectSession(
      { intent: { type: 'cancelSubscription', cancelSubscription: { subscription: sub.id } }, user: owner, callbackUrl: callback },
      key(),
    );
    let page = await open(cancel);
    expect(page.options).toContain('tooExpensive');
    expectCallback(await submitForm(page.pageUrl, page.actions[0]!, { token: page.token!, userReason: 'tooExpensive' }), cancel.id, 'success');
    const canceled = await gigs.getSubscription(sub.id);
    expect(canceled.status).toBe('active');
    expect(canceled.canceledAt).not.toBeNull();
    expect(canceled.endedAt).toBe(sub.currentPeriod!.end);
    expect(canceled.cancellationDetails).toMatchObject({ cause: 'cancellationRequested', userReason: 'tooExpensive' });

    const resume = await gigs.createConnectSession(
      { intent: { type: 'resumeSubscription', resumeSubscription: { subscription: sub.id } }, user: owner, callbackUrl: callback },
      key(),
    );
    page = await open(resume);
    expectCallback(await submitForm(page.pageUrl, page.actions[0]!, { token: page.token! }), resume.id, 'success');
    const resumed = await gigs.getSubscription(sub.id);
    expect([resumed.canceledAt, resumed.endedAt, resumed.cancellationDetails]).toEqual([null, null, null]);
    expect(t.sandbox!.gigsEmulator.stats()).toMatchObject({ 'subscription.cancel': 1, 'subscription.resume': 1 });
  });

  it('buys an add-on: a new subscription add-on appears', async () => {
    const addons = await gigs.listAddons({ status: 'available' });
    const sub = await findSubscription((s) => s.status === 'active' && addons.some((a) => a.plans.includes(s.plan!.id) && a.provider === s.plan!.provider));
    const addon = addons.find((a) => a.plans.includes(sub.plan!.id))!;
    const before = await gigs.listSubscriptionAddons({ subscription: sub.id });
    const session = await gigs.createConnectSession(
      { intent: { type: 'checkoutAddon', checkoutAddon: { subscription: sub.id, addons: [addon.id] } }, user: sub.user!.id, callbackUrl: callback },
      key(),
    );
    const page = await open(session);
    expect(page.html).toContain(addon.name);
    expectCallback(await submitForm(page.pageUrl, page.actions[0]!, { token: page.token! }), session.id, 'success');
    const after = await gigs.listSubscriptionAddons({ subscription: sub.id });
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]).toMatchObject({ status: 'active', addon: { id: addon.id }, user: sub.user!.id });
  });

  it('marks a session opened when its page is shown, and still completes it', async () => {
    const session = await gigs.createConnectSession({ intent: { type: 'viewSubscriptions' }, user: demo.id, callbackUrl: callback }, key());
    expect((await gigs.getConnectSession(session.id)).status).toBe('pending');
    const page = await open(session);
    expect((await gigs.getConnectSession(session.id)).status).toBe('opened');
    // The page lists the user's subscriptions by plan name.
    const own = await subsOf(demo.id);
    expect(own.length).toBeGreaterThan(0);
    for (const s of own) expect(page.html).toContain(s.plan!.name);
    expectCallback(await submitForm(page.pageUrl, page.actions[0]!, { token: page.token! }), session.id, 'success');
    expect((await gigs.getConnectSession(session.id)).status).toBe('completed');
  });

  it('updates the full name: the user reads the new name afterwards', async () => {
    const sub = await findSubscription((s) => s.status === 'active' && Boolean(s.user?.fullName));
    const user = sub.user!;
    const session = await gigs.createConnectSession({ intent: { type: 'updateUserFullName' }, user: user.id, callbackUrl: callback }, key());
    const page = await open(session);
    expect(page.html).toContain(`name="fullName" value="${user.fullName}"`);
    // An empty name is refused and nothing changes.
    expect((await submitForm(page.pageUrl, page.actions[0]!, { token: page.token!, fullName: '  ' })).status).toBe(409);
    expect((await gigs.getUser(user.id)).fullName).toBe(user.fullName);
    expectCallback(await submitForm(page.pageUrl, page.actions[0]!, { token: page.token!, fullName: '  Ada  Lovelace ' }), session.id, 'success');
    expect((await gigs.getUser(user.id)).fullName).toBe('Ada  Lovelace');
    expect((await gigs.getSubscription(sub.id)).user?.fullName).toBe('Ada  Lovelace');
  });

  it('updates the address: the newest address of the user is the new one (GET /users/:id/addresses)', async () => {
    expect(await gigs.latestUserAddress(demo.id)).toBeNull();
    const session = await gigs.createConnectSession({ intent: { type: 'updateUserAddress' }, user: demo.id, callbackUrl: callback }, key());
    const page = await open(session);
    expect(page.html).toContain('name="line1"');
    expect((await submitForm(page.pageUrl, page.actions[0]!, { token: page.token!, line1: 'Sveavägen 1', city: 'Stockholm', country: 'Sweden' })).status).toBe(
      409,
    );
    const fields = { token: page.token!, line1: 'Sveavägen 1', line2: '', postalCode: '111 57', city: 'Stockholm', country: 'se' };
    expectCallback(await submitForm(page.pageUrl, page.actions[0]!, fields), session.id, 'success');
    const latest = await gigs.latestUserAddress(demo.id);
    expect(latest).toMatchObject({
      object: 'userAddress',
      line1: 'Sveavägen 1',
      line2: null,
      postalCode: '111 57',
      city: 'Stockholm',
      country: 'SE',
      user: demo.id,
    });
    expect(latest!.id).toMatch(/^adr_/);
    const one = await gigsRaw(t, `/users/${demo.id}/addresses/${latest!.id}`);
    expect(await one.json()).toEqual(latest);
    expect((await gigsRaw(t, '/users/usr_nobody/addresses')).status).toBe(404);
  });

  it('shows the eSIM installation of an eSIM subscription; completing changes nothing', async () => {
    const sub = await findSubscription((s) => s.status === 'active' && s.sim?.type === 'eSIM');
    const before = JSON.stringify(t.sandbox!.gigsEmulator.stats());
    const session = await gigs.createConnectSession(
      { intent: { type: 'viewEsimInstallation', viewEsimInstallation: { subscription: sub.id } }, user: sub.user!.id, callbackUrl: callback },
      key(),
    );
    const page = await open(session);
    expect(page.html).toContain(`LPA:1$sandbox.gigs.example$${sub.sim!.iccid}`);
    expectCallback(await submitForm(page.pageUrl, page.actions[0]!, { token: page.token! }), session.id, 'success');
    const after = t.sandbox!.gigsEmulator.stats();
    expect({ ...after, 'connectSession.create': 0, 'connectSession.complete': 0 }).toEqual({
      ...JSON.parse(before),
      'connectSession.create': 0,
      'connectSession.complete': 0,
    });
  });

  it('completes a pending porting: the number moves over and the line activates', async () => {
    const sub = await findSubscription((s) => s.porting?.status === 'pending');
    const session = await gigs.createConnectSession(
      { intent: { type: 'completePorting', completePorting: { subscription: sub.id } }, user: sub.user!.id, callbackUrl: callback },
      key(),
    );
    const page = await open(session);
    expectCallback(await submitForm(page.pageUrl, page.actions[0]!, { token: page.token! }), session.id, 'success');
    const after = await gigs.getSubscription(sub.id);
    expect(after.porting?.status).toBe('completed');
    expect(after.phoneNumber).toBe(sub.porting!.phoneNumber);
    expect(after.status).toBe('active');
  });
});

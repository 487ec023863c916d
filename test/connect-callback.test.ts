import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { createMember, loginAs, req, sessionCookie } from './helpers/auth.ts';
import { addFault, clearFaults, gigsClient, onTestServer, parseHostedPage, PROJECT, submitForm, withoutWebhooks } from './gigs-helpers.ts';
import { customerIdFor, emailKey } from '../server/customers/normalise.ts';
import { createLogger } from '../server/logger.ts';
import { reconcilePending } from '../server/audit/reconcile.ts';
import { offeredIntents } from '../server/gigs/offered.ts';
import { settlePendingSessions, SETTLE_ACTION } from '../server/gigs/settle-pending.ts';
import type { GigsAddon, GigsClient, GigsSubscription } from '../server/upstream/gigs.ts';
import { rowOf, rowsOf } from './helpers/engines.ts';

/**
 * The customer's side: the hosted page, the public /connect/done callback, its bad inputs and
 * repeats; the url never kept anywhere; the offered actions per state; crash reconciliation.
 */
let t: TestServer;
let gigs: GigsClient;
let support: string;
const logLines: string[] = [];
/** Every url handed out during this file, to look for afterwards. */
const handedOut: string[] = [];

beforeAll(async () => {
  t = await startTestServer();
  // The callback and the settling job are what is tested here; the change feed would settle links first.
  withoutWebhooks(t);
  // Capture what subdesk logs (at debug) to prove no url is ever written there.
  t.deps.logger = createLogger('debug', (line) => logLines.push(line));
  gigs = gigsClient(t);
  support = await loginAs(t, 'support');
  await t.deps.customers.crawler.run('full');
}, 120_000);
afterAll(() => t?.close());

async function findSub(pred: (s: GigsSubscription) => boolean) {
  const search = t.deps.customers.search;
  for await (const page of gigs.allSubscriptions()) {
    for (const s of page) {
      if (!pred(s) || s.user?.status !== 'active') continue;
      const customerId = customerIdFor(emailKey(s.user.email));
      if (await search.byId(customerId)) return { sub: s, customerId };
    }
  }
  throw new Error('no such seeded subscription');
}
const running = (s: GigsSubscription) => s.status === 'active' && !s.endedAt && s.plan?.validity?.type === 'recurring';

async function makeLink(customerId: string, intent: object, cookie = support) {
  const res = await t.app.request('/api/connect-sessions', ...req('POST', { cookie, body: { customerId, clientRequestId: randomUUID(), intent } }));
  expect(res.status).toBe(201);
  const body = (await res.json()) as { id: string; url: string; requestId: string };
  handedOut.push(body.url);
  return body;
}

/** Opens the link on the hosted page and presses Complete (or Abandon); answers the callback path. */
async function finishOnHostedPage(url: string, how: 'complete' | 'abandon', fields: Record<string, string> = {}) {
  const pageUrl = onTestServer(t, url);
  const html = await (await fetch(pageUrl)).text();
  const { token, actions, options } = parseHostedPage(html);
  const action = actions.find((a) => a.endsWith(`/${how}`))!;
  const res = await submitForm(pageUrl, action, {
    token: token!,
    ...(how === 'complete' && options[0] && !fields.plan ? { plan: options[0] } : {}),
    ...fields,
  });
  expect(res.status).toBe(303);
  const loc = new URL(res.headers.get('location')!);
  return `${loc.pathname}${loc.search}`;
}

const callbackEntries = (sessionId: string) =>
  rowsOf<Record<string, string | null>>(t.deps, "SELECT * FROM audit_events WHERE action = 'gigs.connectSession.callback' AND upstream_ref = $1 ORDER BY seq", [
    sessionId,
  ]);

describe('GET /connect/done', () => {
  it("a completed cancel: one entry by the customer linked to the agent's, row completed, index refreshed, friendly page", async () => {
    const { sub, customerId } = await findSub(running);
    const link = await makeLink(customerId, { type: 'cancelSubscription', subscription: sub.id });
    const path = await finishOnHostedPage(link.url, 'complete');
    expect(path).toMatch(new RegExp(`^/connect/done\\?session_id=${link.id}&status=success$`));
    const res = await t.app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain('All done');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain(sub.user!.email);
    expect(html).not.toContain(sub.id);

    const [entry, ...more] = await callbackEntries(link.id);
    expect(more).toHaveLength(0);
    expect(entry).toMatchObject({
      actor_type: 'customer',
      actor_id: sub.user!.id,
      outcome: 'succeeded',
      customer_id: customerId,
      target_type: 'gigs-subscription',
      target_id: sub.id,
    });
    expect(JSON.parse(entry!.request!)).toMatchObject({ sessionId: link.id, status: 'success', originalRequestId: link.requestId });
    const original = await rowsOf<{ outcome: string }>(
      t.deps,
      "SELECT outcome FROM audit_events WHERE request_id = $1 AND action = 'gigs.connectSession.create' ORDER BY seq",
      [link.requestId],
    );
    expect(original.map((o) => o.outcome)).toEqual(['requested', 'succeeded']);

    const row = (await (await t.app.request(`/api/connect-sessions/${link.id}`, { headers: { cookie: support } })).json()) as {
      outcome: string;
      callbackStatus: string;
    };
    expect(row).toMatchObject({ outcome: 'completed', callbackStatus: 'success' });
    expect((await gigs.getSubscription(sub.id)).canceledAt).toBeTruthy();

    // Repeats (a reload, a second click) show the page again and record nothing more.
    expect((await t.app.request(path)).status).toBe(200);
    await Promise.all([t.app.request(path), t.app.request(path)]);
    expect(await callbackEntries(link.id)).toHaveLength(1);
  });

  it("an abandoned session is recorded once, as the customer's choice (not a failure); the list filters by outcome", async () => {
    const { sub, customerId } = await findSub(running);
    const link = await makeLink(customerId, { type: 'changeSubscription', subscription: sub.id });
    const path = await finishOnHostedPage(link.url, 'abandon');
    expect(path).toContain('status=aborted');
    const html = await (await t.app.request(path)).text();
    expect(html).toContain('No changes were made');
    const [entry] = await callbackEntries(link.id);
    expect(entry).toMatchObject({ outcome: 'succeeded', actor_type: 'customer', error: null });
    expect(JSON.parse(entry!.after!)).toMatchObject({ outcome: 'abandoned' });
    const list = (await (
      await t.app.request(`/api/connect-sessions?filter=${encodeURIComponent(JSON.stringify({ outcome: 'abandoned', customerId }))}`, {
        headers: { cookie: support },
      })
    ).json()) as { id: string }[];
    expect(list.map((r) => r.id)).toContain(link.id);
  });

  it('a forged status for a session still pending in Gigs settles nothing', async () => {
    const { sub, customerId } = await findSub(running);
    const link = await makeLink(customerId, { type: 'viewSubscription', subscription: sub.id });
    const res = await t.app.request(`/connect/done?session_id=${link.id}&status=success`);
    expect(res.status).toBe(200);
    expect(await callbackEntries(link.id)).toHaveLength(0);
    const row = (await (await t.app.request(`/api/connect-sessions/${link.id}`, { headers: { cookie: support } })).json()) as { outcome: string };
    expect(row.outcome).toBe('pending');
  });

  it('missing or garbled parameters: the neutral page, 400, nothing recorded', async () => {
    const count = async () => (await rowOf<{ n: number }>(t.deps, 'SELECT count(*) AS n FROM audit_events')).n;
    const before = await count();
    for (const q of [
      '',
      '?status=success',
      '?session_id=csn_abc',
      '?session_id=%3Cscript%3E&status=success',
      '?session_id=csn_abc&status=SUCCESS!',
      `?session_id=csn_${'a'.repeat(100)}&status=success`,
    ]) {
      const res = await t.app.request(`/connect/done${q}`);
      expect(res.status, q).toBe(400);
      const html = await res.text();
      expect(html).toContain('Thank you');
      expect(html).not.toContain('script');
    }
    expect(await count()).toBe(before);
  });

  it('an unknown or forged id: the same neutral page, one denied entry, nothing else', async () => {
    const res = await t.app.request('/connect/done?session_id=csn_ForgedForgedForgedForged1234&status=success');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('There is nothing more to do on this page');
    // Folded per address and minute (anyone can send these): written when the window ends.
    await t.deps.auditWindows.close();
    const last = await rowOf(t.deps, 'SELECT action, outcome, customer_id FROM audit_events ORDER BY seq DESC LIMIT 1');
    expect(last).toEqual({ action: 'gigs.connectSession.callback', outcome: 'denied', customer_id: null });
  });
});

describe('links their callback could not settle', () => {
  const settleEntries = (sessionId: string) =>
    rowsOf(t.deps, 'SELECT actor_type, outcome FROM audit_events WHERE action = $1 AND upstream_ref = $2 ORDER BY seq', [SETTLE_ACTION, sessionId]);

  it('are settled later from what Gigs says, by "system", once; young links are left to their callback', async () => {
    const { sub, customerId } = await findSub(running);
    const link = await makeLink(customerId, { type: 'cancelSubscription', subscription: sub.id });
    const path = await finishOnHostedPage(link.url, 'complete');
    // The customer comes back while Gigs cannot answer: the row stays pending, nothing guessed.
    await addFault(t, { kind: 'error500', pathPrefix: `/projects/${PROJECT}/connectSessions/${link.id}` });
    try {
      expect(await (await t.app.request(path)).text()).not.toContain('No changes were made');
    } finally {
      await clearFaults(t);
    }
    const outcome = async () => (await rowOf<{ outcome: string }>(t.deps, 'SELECT outcome FROM connect_sessions WHERE id = $1', [link.id])).outcome;
    expect(await outcome()).toBe('pending');
    expect(await settlePendingSessions(t.deps)).toBe(0); // minutes old at most: its callback may still come
    const clock = t.deps.clock;
    t.deps.clock = () => new Date(clock().getTime() + 11 * 60_000);
    try {
      expect(await settlePendingSessions(t.deps)).toBeGreaterThanOrEqual(1);
      expect(await settlePendingSessions(t.deps)).toBe(0);
    } finally {
      t.deps.clock = clock;
    }
    expect(await outcome()).toBe('completed');
    expect(await settleEntries(link.id)).toEqual([{ actor_type: 'system', outcome: 'succeeded' }]);
    // The customer's late reload finds it settled: no second entry.
    await t.app.request(path);
    expect(await callbackEntries(link.id)).toHaveLength(0);
    expect(await settleEntries(link.id)).toHaveLength(1);
  });
});

describe('offered actions per subscription state', () => {
  const plan = { id: 'pln_a', name: 'A', status: 'available', provider: 'p5', validity: { value: 1, unit: 'month', type: 'recurring' } };
  const addon = { id: 'add_a', name: '1GB', status: 'available', provider: 'p5', plans: ['pln_a'] } as GigsAddon;
  const sub = (over: Partial<GigsSubscription>) =>
    ({ id: 'sub_a', status: 'active', plan, endedAt: null, canceledAt: null, porting: null, ...over }) as GigsSubscription;

  it.each([
    ['active, recurring', sub({}), ['viewSubscription', 'changeSubscription', 'cancelSubscription', 'checkoutAddon']],
    [
      'active, one-time plan',
      sub({ plan: { ...plan, validity: { value: 30, unit: 'day', type: 'oneTime' } } }),
      ['viewSubscription', 'changeSubscription', 'checkoutAddon'],
    ],
    [
      'cancelled, still running',
      sub({ canceledAt: '2026-01-01T00:00:00Z', endedAt: '2099-01-01T00:00:00Z' }),
      ['viewSubscription', 'resumeSubscription', 'checkoutAddon'],
    ],
    ['ended', sub({ status: 'ended', endedAt: '2025-01-01T00:00:00Z' }), ['viewSubscription']],
    [
      'pending with a porting',
      sub({ status: 'pending', porting: { id: 'prt_1', status: 'pending', phoneNumber: '+1' } }),
      ['viewSubscription', 'changeSubscription', 'cancelSubscription', 'checkoutAddon', 'completePorting'],
    ],
    [
      'porting done (lastPorting)',
      sub({ lastPorting: { id: 'prt_1', status: 'completed' } }),
      ['viewSubscription', 'changeSubscription', 'cancelSubscription', 'checkoutAddon'],
    ],
  ])('%s', (_name, s, expected) => {
    expect(offeredIntents(s, [addon])).toEqual(expected);
  });

  it('no add-on for another network or plan', () => {
    expect(
      offeredIntents(sub({}), [
        { ...addon, provider: 'p9' },
        { ...addon, plans: ['pln_b'] },
        { ...addon, status: 'archived' },
      ]),
    ).not.toContain('checkoutAddon');
  });

  it("GET /api/gigs-subscriptions answers one customer's live subscriptions with their offered actions", async () => {
    const { sub: s, customerId } = await findSub(running);
    const res = await t.app.request(`/api/gigs-subscriptions?filter=${encodeURIComponent(JSON.stringify({ customerId }))}`, { headers: { cookie: support } });
    expect(res.status).toBe(200);
    const rows = (await res.json()) as { id: string; offeredActions: string[]; customerId: string }[];
    const row = rows.find((r) => r.id === s.id)!;
    expect(row.customerId).toBe(customerId);
    expect(row.offeredActions).toEqual(expect.arrayContaining(['viewSubscription', 'changeSubscription', 'cancelSubscription']));
    expect((await t.app.request('/api/gigs-subscriptions', { headers: { cookie: support } })).status).toBe(400);
    const one = (await (await t.app.request(`/api/gigs-subscriptions/${s.id}`, { headers: { cookie: support } })).json()) as { customerId: string };
    expect(one.customerId).toBe(customerId);
  });

  it('GET /api/gigs-addons?subscriptionId lists only what that subscription can buy; plans are read-only for merchandisers', async () => {
    const { sub: s } = await findSub(running);
    const merch = await loginAs(t, 'merchandiser');
    const res = await t.app.request(`/api/gigs-addons?filter=${encodeURIComponent(JSON.stringify({ subscriptionId: s.id }))}`, { headers: { cookie: merch } });
    expect(res.status).toBe(200);
    for (const a of (await res.json()) as GigsAddon[]) {
      expect(a.status).toBe('available');
      expect(a.plans).toContain(s.plan!.id);
      expect(a.provider).toBe(s.plan!.provider);
    }
    const plans = await t.app.request(
      `/api/gigs-plans?filter=${encodeURIComponent(JSON.stringify({ status: 'available' }))}&sort=${encodeURIComponent('["price","ASC"]')}`,
      { headers: { cookie: merch } },
    );
    expect(plans.headers.get('content-range')).toMatch(/^gigs-plans 0-\d+\/\d+$/);
    const list = (await plans.json()) as { price: { amount: number; currency: string }; status: string }[];
    expect(list.every((p) => p.status === 'available')).toBe(true);
    // By price within each currency: amounts in different currencies are not comparable numbers.
    const key = (p: (typeof list)[number]) => [p.price.currency, p.price.amount] as const;
    const sorted = [...list].sort((a, b) => (key(a)[0] !== key(b)[0] ? (key(a)[0] < key(b)[0] ? -1 : 1) : key(a)[1] - key(b)[1]));
    expect(list.map(key)).toEqual(sorted.map(key));
    expect(new Set(list.map((p) => p.price.currency)).size).toBeGreaterThan(1);
  });
});

describe('start-up reconciliation of a crashed create', () => {
  it("replays the click's key: proves the session, stores the row; the agent's retry gets the same session", async () => {
    const { sub, customerId } = await findSub(running);
    const member = await createMember(t, 'support');
    const clientRequestId = randomUUID();
    const intent = { type: 'viewSubscription', subscription: sub.id };
    // As if the process died right after `requested` was committed.
    await t.deps.audit.append({
      requestId: randomUUID(),
      actor: { type: 'staff', id: String(member.id), email: member.email, role: 'support' },
      action: 'gigs.connectSession.create',
      outcome: 'requested',
      target: { type: 'gigs-subscription', id: sub.id },
      customerId,
      request: { customerId, clientRequestId, intent },
    });
    const report = await reconcilePending(t.deps);
    expect(report.settled).toBeGreaterThanOrEqual(1);
    const settled = await rowOf<{ outcome: string; upstream_ref: string; actor_type: string }>(
      t.deps,
      "SELECT outcome, upstream_ref, actor_type FROM audit_events WHERE action = 'gigs.connectSession.create' ORDER BY seq DESC LIMIT 1",
    );
    expect(settled).toMatchObject({ outcome: 'succeeded', actor_type: 'system' });
    expect(settled.upstream_ref).toMatch(/^csn_/);
    const retry = await t.app.request(
      '/api/connect-sessions',
      ...req('POST', { cookie: await sessionCookie(t, member), body: { customerId, clientRequestId, intent } }),
    );
    const body = (await retry.json()) as { id: string; url: string };
    handedOut.push(body.url);
    expect(body.id).toBe(settled.upstream_ref);
  });
});

describe('the url is never kept', () => {
  it("appears in neither subdesk's database (main file and WAL) nor its log lines", () => {
    expect(handedOut.length).toBeGreaterThan(3);
    t.deps.audit.checkpoint();
    const path = t.deps.config.DATABASE_PATH;
    const files = [path, `${path}-wal`, `${path}-shm`].filter(existsSync).map((f) => readFileSync(f));
    const logs = logLines.join('\n');
    for (const url of handedOut) {
      const token = new URL(url).searchParams.get('token')!;
      expect(token.length).toBeGreaterThan(15);
      for (const f of files) expect(f.includes(token)).toBe(false);
      expect(logs).not.toContain(token);
    }
  });
});

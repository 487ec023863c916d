import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { createMember, loginAs, req, sessionCookie } from './helpers/auth.ts';
import { addFault, clearFaults, gigsClient, PROJECT, seededPeople } from './gigs-helpers.ts';
import { customerIdFor, emailKey } from '../server/customers/normalise.ts';
import type { GigsClient, GigsPlan, GigsSubscription } from '../server/upstream/gigs.ts';
import { addonsAvailableFor } from '../server/gigs/offered.ts';
import { rowOf, rowsOf } from './helpers/engines.ts';

/**
 * POST /api/connect-sessions against the real sandbox: each intent's payload as Gigs receives
 * it, user vs userDetails, the live-state rules (409), Gigs errors, and one session per click.
 */
let t: TestServer;
let gigs: GigsClient;
let support: string;
let plans: GigsPlan[];

beforeAll(async () => {
  t = await startTestServer();
  gigs = gigsClient(t);
  support = await loginAs(t, 'support');
  await t.deps.customers.crawler.run('full');
  plans = await gigs.listPlans();
}, 120_000);
afterAll(() => t?.close());

const customerOf = (email: string) => customerIdFor(emailKey(email));

async function create(customerId: string, intent: object, opts: { cookie?: string; clientRequestId?: string } = {}) {
  const body = { customerId, clientRequestId: opts.clientRequestId ?? randomUUID(), intent };
  return t.app.request('/api/connect-sessions', ...req('POST', { body, cookie: opts.cookie ?? support }));
}

/** The session as the emulator stored it (userDetails included), read from its own database. */
function emulatorSession(id: string): {
  doc: { intent: Record<string, unknown>; user: string | null; callbackUrl: string };
  userDetails: Record<string, unknown> | null;
} {
  const db = new Database(t.deps.config.sandboxDatabasePath, { readonly: true });
  try {
    const row = db.prepare('SELECT doc, user_details AS userDetails FROM gigs_connect_sessions WHERE id = ?').get(id) as {
      doc: string;
      userDetails: string | null;
    };
    return { doc: JSON.parse(row.doc), userDetails: row.userDetails ? JSON.parse(row.userDetails) : null };
  } finally {
    db.close();
  }
}

/** A seeded subscription in a given state whose owner is indexed as a subdesk customer. */
async function findSub(pred: (s: GigsSubscription) => boolean): Promise<{ sub: GigsSubscription; customerId: string }> {
  const search = t.deps.customers.search;
  for await (const page of gigs.allSubscriptions()) {
    for (const s of page) {
      if (!pred(s) || s.user?.status !== 'active') continue;
      const customerId = customerOf(s.user.email);
      if (await search.byId(customerId)) return { sub: s, customerId };
    }
  }
  throw new Error('no such seeded subscription');
}

const running = (s: GigsSubscription) => s.status === 'active' && !s.endedAt && s.plan?.validity?.type === 'recurring';

describe('POST /api/connect-sessions: payloads reach Gigs', () => {
  it('checkoutNewSubscription for a Gigs user carries `user`, the plan and the callback; answers the url once, no-store', async () => {
    const { sub, customerId } = await findSub(running);
    const plan = plans.find((p) => p.status === 'available')!;
    const res = await create(customerId, { type: 'checkoutNewSubscription', plan: plan.id });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { id: string; url: string; outcome: string; intent: string; customerId: string };
    expect(body).toMatchObject({ intent: 'checkoutNewSubscription', outcome: 'pending', customerId });
    expect(body.url).toContain(body.id);
    const stored = emulatorSession(body.id);
    expect(stored.doc.user).toBe(sub.user!.id);
    expect(stored.userDetails).toBeNull();
    expect(stored.doc.intent).toEqual({ type: 'checkoutNewSubscription', checkoutNewSubscription: { plan: plan.id } });
    expect(stored.doc.callbackUrl).toBe(t.deps.config.connectCallbackUrl);
    // The links list and the one-record read never carry the url.
    const one = await (await t.app.request(`/api/connect-sessions/${body.id}`, { headers: { cookie: support } })).json();
    expect(one).not.toHaveProperty('url');
    expect(one).toMatchObject({ id: body.id, planId: plan.id, gigsUserId: sub.user!.id });
  });

  it('a Centra-only customer gets `userDetails` from what subdesk knows (e-mail, name, locale)', async () => {
    const p = seededPeople().find((x) => x.inCentra && !x.inGigs)!;
    const plan = plans.find((x) => x.status === 'available')!;
    const res = await create(customerOf(p.email), { type: 'checkoutNewSubscription', plan: plan.id });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const stored = emulatorSession(id);
    expect(stored.doc.user).toBeNull();
    expect(stored.userDetails).toMatchObject({ email: p.centraEmail.toLowerCase(), fullName: `${p.firstName} ${p.lastName}` });
    expect(String(stored.userDetails!.preferredLocale)).toMatch(/^[a-z]{2}-[A-Z]{2}$/);
  });

  it.each(['changeSubscription', 'cancelSubscription', 'viewSubscription'])('%s carries the subscription', async (type) => {
    const { sub, customerId } = await findSub(running);
    const res = await create(customerId, { type, subscription: sub.id });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const read = await gigs.getConnectSession(id);
    expect(read.intent).toEqual({ type, [type]: { subscription: sub.id } });
    expect(read.user).toBe(sub.user!.id);
  });

  it('checkoutAddon carries the subscription and the one add-on, only one available for its plan and network', async () => {
    const addons = await gigs.listAddons();
    const { sub, customerId } = await findSub((s) => running(s) && addonsAvailableFor(s.plan, addons).length > 0);
    const addon = addonsAvailableFor(sub.plan, addons)[0]!;
    const res = await create(customerId, { type: 'checkoutAddon', subscription: sub.id, addons: [addon.id] });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect((await gigs.getConnectSession(id)).intent).toEqual({ type: 'checkoutAddon', checkoutAddon: { subscription: sub.id, addons: [addon.id] } });
    const foreign = addons.find((a) => a.status === 'available' && !a.plans.includes(sub.plan!.id))!;
    const refused = await create(customerId, { type: 'checkoutAddon', subscription: sub.id, addons: [foreign.id] });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { message: string }).message).toMatch(/not available for this subscription's plan/);
  });

  it('resumeSubscription only for a cancelled one still running; completePorting only with a porting pending', async () => {
    const { sub, customerId } = await findSub((s) => s.status === 'active' && Boolean(s.canceledAt) && Boolean(s.endedAt));
    const res = await create(customerId, { type: 'resumeSubscription', subscription: sub.id });
    expect(res.status).toBe(201);
    expect((await gigs.getConnectSession(((await res.json()) as { id: string }).id)).intent).toEqual({
      type: 'resumeSubscription',
      resumeSubscription: { subscription: sub.id },
    });
    const running1 = await findSub(running);
    expect((await create(running1.customerId, { type: 'resumeSubscription', subscription: running1.sub.id })).status).toBe(409);

    const porting = await findSub((s) => (s.porting ?? s.lastPorting)?.status === 'pending');
    const ok = await create(porting.customerId, { type: 'completePorting', subscription: porting.sub.id });
    expect(ok.status).toBe(201);
    expect((await gigs.getConnectSession(((await ok.json()) as { id: string }).id)).intent).toEqual({
      type: 'completePorting',
      completePorting: { subscription: porting.sub.id },
    });
    const none = await findSub((s) => running(s) && !(s.porting ?? s.lastPorting));
    expect((await create(none.customerId, { type: 'completePorting', subscription: none.sub.id })).status).toBe(409);
  });

  it('updatePaymentMethod has no payload; refused for someone without a Gigs account', async () => {
    const { customerId } = await findSub(running);
    const res = await create(customerId, { type: 'updatePaymentMethod' });
    expect(res.status).toBe(201);
    expect((await gigs.getConnectSession(((await res.json()) as { id: string }).id)).intent).toEqual({ type: 'updatePaymentMethod' });
    const p = seededPeople().find((x) => x.inCentra && !x.inGigs)!;
    expect((await create(customerOf(p.email), { type: 'updatePaymentMethod' })).status).toBe(409);
  });
});

describe('POST /api/connect-sessions: the rules', () => {
  it('cancel is refused for an ended subscription and for one already cancelled, with a clear message; audited failed', async () => {
    const ended = await findSub((s) => s.status === 'ended');
    const res = await create(ended.customerId, { type: 'cancelSubscription', subscription: ended.sub.id });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { message: string }).message).toMatch(/already ended/);
    const cancelled = await findSub((s) => s.status === 'active' && Boolean(s.endedAt));
    expect((await create(cancelled.customerId, { type: 'cancelSubscription', subscription: cancelled.sub.id })).status).toBe(409);
    const last = await rowOf<{ outcome: string; error: string }>(
      t.deps,
      "SELECT outcome, error FROM audit_events WHERE action = 'gigs.connectSession.create' ORDER BY seq DESC LIMIT 1",
    );
    expect(last.outcome).toBe('failed');
    expect(last.error).toMatch(/already cancelled/);
  });

  it('a subscription of another customer is refused', async () => {
    const a = await findSub(running);
    const b = await findSub((s) => running(s) && s.user!.id !== a.sub.user!.id);
    const res = await create(a.customerId, { type: 'changeSubscription', subscription: b.sub.id });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { errors: Record<string, string> }).errors).toHaveProperty(['intent.subscription']);
  });

  it('an archived plan is refused, naming it', async () => {
    const archived = plans.find((p) => p.status === 'archived')!;
    const { customerId } = await findSub(running);
    const res = await create(customerId, { type: 'checkoutNewSubscription', plan: archived.id });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { message: string }).message).toContain(`"${archived.name}" is archived`);
  });

  it('unknown fields are 400 naming the field; unknown customers 404', async () => {
    const { sub, customerId } = await findSub(running);
    const extra = await create(customerId, { type: 'viewSubscription', subscription: sub.id, url: 'x' });
    expect(extra.status).toBe(400);
    expect(((await extra.json()) as { errors: Record<string, string> }).errors).toHaveProperty(['intent.url']);
    const top = await t.app.request(
      '/api/connect-sessions',
      ...req('POST', {
        cookie: support,
        body: { customerId, clientRequestId: randomUUID(), intent: { type: 'updatePaymentMethod' }, callbackUrl: 'https://evil' },
      }),
    );
    expect(((await top.json()) as { errors: Record<string, string> }).errors).toHaveProperty('callbackUrl');
    const badKey = await t.app.request(
      '/api/connect-sessions',
      ...req('POST', { cookie: support, body: { customerId, intent: { type: 'updatePaymentMethod' } }, headers: { 'idempotency-key': 'has spaces in it' } }),
    );
    expect(badKey.status).toBe(400);
    expect(((await badKey.json()) as { errors: Record<string, string> }).errors).toHaveProperty('idempotency-key');
    expect((await create(customerId, { type: 'sellKidney' })).status).toBe(400);
    expect((await create('cus_aaaaaaaaaaaaaaaaaaaa', { type: 'updatePaymentMethod' })).status).toBe(404);
  });

  it('is for support and admin only (auditors read the same facts in the audit log)', async () => {
    const { customerId } = await findSub(running);
    expect((await create(customerId, { type: 'updatePaymentMethod' }, { cookie: await loginAs(t, 'auditor') })).status).toBe(403);
    expect((await create(customerId, { type: 'updatePaymentMethod' }, { cookie: await loginAs(t, 'admin') })).status).toBe(201);
    expect((await t.app.request('/api/connect-sessions', { headers: { cookie: await loginAs(t, 'auditor') } })).status).toBe(403);
    expect((await t.app.request('/api/connect-sessions', { headers: { cookie: await loginAs(t, 'merchandiser') } })).status).toBe(403);
  });
});

const randomKey = randomUUID();

describe('the documented body, and retries from scripts', () => {
  it('takes {customerId, intent} with no key at all: each request is its own link', async () => {
    const { sub, customerId } = await findSub(running);
    const body = { customerId, intent: { type: 'viewSubscription', subscription: sub.id } };
    const first = await t.app.request('/api/connect-sessions', ...req('POST', { cookie: support, body }));
    const second = await t.app.request('/api/connect-sessions', ...req('POST', { cookie: support, body }));
    expect([first.status, second.status]).toEqual([201, 201]);
    const [a, b] = [(await first.json()) as { id: string; url: string }, (await second.json()) as { id: string; url: string }];
    expect(a.url).toMatch(/^http/);
    expect(a.id).not.toBe(b.id);
  });

  it('with the same Idempotency-Key twice makes one Gigs session, and answers it both times', async () => {
    const { sub, customerId } = await findSub(running);
    const before = t.sandbox!.gigsEmulator.stats()['connectSession.create'] ?? 0;
    const send = () =>
      t.app.request(
        '/api/connect-sessions',
        ...req('POST', {
          cookie: support,
          body: { customerId, intent: { type: 'viewSubscription', subscription: sub.id } },
          headers: { 'Idempotency-Key': `script-${randomKey}` },
        }),
      );
    const [a, b] = [await send(), await send()];
    expect([a.status, b.status]).toEqual([201, 201]);
    const [x, y] = [(await a.json()) as { id: string }, (await b.json()) as { id: string }];
    expect(y.id).toBe(x.id);
    expect(t.sandbox!.gigsEmulator.stats()['connectSession.create']).toBe(before + 1);
    expect((await rowOf<{ n: number }>(t.deps, 'SELECT count(*) AS n FROM connect_sessions WHERE id = $1', [x.id])).n).toBe(1);
  });
});

describe('errors and retries', () => {
  it('Gigs unreachable reaches the agent as "try again", recorded failed; nothing stored', async () => {
    const { sub, customerId } = await findSub(running);
    await addFault(t, { kind: 'error500', method: 'POST', pathPrefix: `/projects/${PROJECT}/connectSessions` });
    try {
      const res = await create(customerId, { type: 'viewSubscription', subscription: sub.id });
      expect(res.status).toBe(502);
      expect(((await res.json()) as { message: string }).message).toMatch(/Gigs had an internal error\. Nothing was changed; try again/);
    } finally {
      await clearFaults(t);
    }
    const last = await rowOf<{ outcome: string; error: string }>(
      t.deps,
      "SELECT outcome, error FROM audit_events WHERE action = 'gigs.connectSession.create' ORDER BY seq DESC LIMIT 1",
    );
    expect(last.outcome).toBe('failed');
    expect(JSON.parse(last.error)).toMatchObject({ system: 'gigs', status: 500 });
  });

  it('a retry of the same click after a timeout replays the one session Gigs made', async () => {
    const { sub, customerId } = await findSub(running);
    const clientRequestId = randomUUID();
    const intent = { type: 'changeSubscription', subscription: sub.id };
    const before = t.sandbox!.gigsEmulator.stats()['connectSession.create'] ?? 0;
    // Gigs makes the session but answers after our 2 s timeout.
    await addFault(t, { kind: 'latency', ms: 2600, method: 'POST', pathPrefix: `/projects/${PROJECT}/connectSessions`, times: 1 });
    const first = await create(customerId, intent, { clientRequestId });
    expect(first.status).toBe(504);
    expect(((await first.json()) as { message: string }).message).toMatch(/no second one is created/);
    await new Promise((r) => setTimeout(r, 900));
    const again = await create(customerId, intent, { clientRequestId });
    expect(again.status).toBe(201);
    const third = await create(customerId, intent, { clientRequestId });
    const a = (await again.json()) as { id: string; url: string };
    const b = (await third.json()) as { id: string; url: string };
    expect(b.id).toBe(a.id);
    expect(t.sandbox!.gigsEmulator.stats()['connectSession.create']).toBe(before + 1);
    // A new click (new clientRequestId) is a new session.
    const other = (await (await create(customerId, intent)).json()) as { id: string };
    expect(other.id).not.toBe(a.id);
    // The same UUID from another agent does not replay this agent's session (or its link).
    const colleague = await createMember(t, 'support');
    const theirs = (await (await create(customerId, intent, { clientRequestId, cookie: await sessionCookie(t, colleague) })).json()) as { id: string };
    expect(theirs.id).not.toBe(a.id);
    const rows = await rowOf<{ n: number }>(t.deps, 'SELECT count(*) AS n FROM connect_sessions WHERE id = $1', [a.id]);
    expect(rows.n).toBe(1);
  });
});

describe('a Connect link that is not a web address', () => {
  it('is refused as a Gigs failure the agent understands, audited as failed, and never stored or shown', async () => {
    const { customerId } = await findSub(running);
    const real = t.deps.gigs;
    // Gigs answering with a javascript: link (the transport rewrites Gigs' answer; the client is the real one).
    t.deps.gigs = gigsClient(t, {
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        if (!String(input).endsWith('/connectSessions') || init?.method !== 'POST') return res;
        const body = (await res.json()) as Record<string, unknown>;
        return new Response(JSON.stringify({ ...body, url: 'javascript:fetch("/api/staff").then(r=>r.text()).then(alert)' }), {
          status: res.status,
          headers: res.headers,
        });
      },
    });
    try {
      const res = await create(customerId, { type: 'updatePaymentMethod' });
      expect(res.status).toBe(502);
      const body = (await res.json()) as { message: string; code: string; url?: string };
      expect(body.code).toBe('unsafeConnectLink');
      expect(body.message).toMatch(/not a secure web address \(https\).*nothing reached the customer/);
      expect(body.url).toBeUndefined();
      const entries = await rowsOf<{ outcome: string; error: string | null }>(
        t.deps,
        "SELECT outcome, error FROM audit_events WHERE action = 'gigs.connectSession.create' AND request_id = $1 ORDER BY seq",
        [res.headers.get('x-request-id')],
      );
      expect(entries.map((e) => e.outcome)).toEqual(['requested', 'failed']);
      expect(JSON.parse(entries[1]!.error!)).toMatchObject({ code: 'unsafeConnectLink' });
      expect(JSON.stringify(await rowsOf(t.deps, 'SELECT * FROM audit_events'))).not.toContain('javascript:');
    } finally {
      t.deps.gigs = real;
    }
  });
});

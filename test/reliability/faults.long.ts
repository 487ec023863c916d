import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { loginAs, req } from '../helpers/auth.ts';
import { customerIdFor, emailKey } from '../../server/customers/normalise.ts';
import { intervalOptions, quantityIncrease } from '../../server/centra/rules.ts';
import type { FaultKind } from '../../server/sandbox/faults.ts';
import { recordResults } from './lib/results.ts';
import { everyContract } from '../centra-helpers.ts';
import { sqliteOf } from '../helpers/engines.ts';

/**
 * Upstream faults: for every upstream call an action makes (discovered by recording the real
 * calls, so a new call is covered without edits here) and every fault kind of the sandbox, with
 * UPSTREAM_TIMEOUT_MS=1500:
 * - the agent gets a JSON answer with a message, 504 for "no answer", 503 with the wait for a rate
 *   limit that outlasts the one retry (server/http/upstream-errors.ts), 502 for the other failures,
 *   within a bound of a few timeouts;
 * - the audit entries of that request say `failed` with the reason, and none is left `requested`;
 * - the sandbox applied the change exactly when the answer was a success (mutation counters), never
 *   twice, and a failed action left the upstream as it was (nothing half-done).
 * The retryable kinds run once more as one-off faults: the transport retries what is safe to retry
 * (reads, Gigs writes with an Idempotency-Key), and the mutation still counts once.
 */
const TIMEOUT_MS = 1500;
const KINDS: FaultKind[] = ['latency', 'timeout', 'error500', 'rateLimit', 'malformed', 'drop'];
const ONE_OFF: FaultKind[] = ['error500', 'rateLimit', 'drop'];
const BOUND_MS = 3 * TIMEOUT_MS + 2500;

let server: TestServer;
let cookie: string;
let sandboxDb: Database.Database;

type Call = { system: 'gigs' | 'centra'; method: string; path: string };
const recorded: Call[] = [];
let recording = false;
const realFetch = globalThis.fetch;

beforeAll(async () => {
  // The upstream clients take the global fetch when they are built: record what they call.
  globalThis.fetch = ((input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const m = /^\/sandbox\/(gigs|centra)(\/.*)$/.exec(url.pathname);
    if (recording && m && !m[2]!.startsWith('/_sandbox'))
      recorded.push({ system: m[1] as Call['system'], method: (init?.method ?? 'GET').toUpperCase(), path: m[2]! });
    return realFetch(input, init);
  }) as typeof fetch;
  server = await startTestServer({ UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS), SANDBOX_CUSTOMERS: '300' });
  await server.deps.customers.crawler.run('full');
  cookie = await loginAs(server, 'support');
  sandboxDb = new Database(server.deps.config.sandboxDatabasePath, { readonly: true });
}, 120_000);
afterAll(async () => {
  globalThis.fetch = realFetch;
  sandboxDb?.close();
  await server?.close();
});

/** A call's path up to its first record-specific segment (an e-mail, a number, an id), for the fault's prefix. */
function generalPrefix(path: string): string {
  const out: string[] = [];
  for (const seg of path.split('/').slice(1)) {
    if (/[@%\d]|^[a-z]{2,4}_[A-Za-z0-9]+$/.test(seg)) break;
    out.push(seg);
  }
  return '/' + out.join('/');
}

async function control(system: Call['system'], method: string, path: string, body?: unknown) {
  const creds = server.sandbox!.credentials;
  const base = system === 'gigs' ? `${server.url}/sandbox/gigs/_sandbox` : `${server.url}/sandbox/centra/_sandbox`;
  const auth: Record<string, string> = system === 'gigs' ? { authorization: `Bearer ${creds.gigsApiKey}` } : { 'api-authorization': creds.centraApiKey };
  const res = await realFetch(`${base}${path}`, {
    method,
    headers: { ...auth, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sandbox control ${method} ${path}: ${res.status} ${await res.text()}`);
}

const mutations = (system: Call['system'], kind: string) =>
  (system === 'gigs' ? server.sandbox!.gigsEmulator.stats() : server.sandbox!.centraEmulator.stats())[kind] ?? 0;

/** One action under test: `next()` prepares a fresh, valid change and answers how to send it and how to read its target. */
type ActionUnderTest = {
  name: string;
  system: Call['system'];
  mutation: string;
  /** The upstream write, to tell the action's own calls from follow-up reads after it. */
  isWrite: (c: Call) => boolean;
  next(): Promise<{ send: () => Promise<Response>; state: () => unknown }>;
};

const post = async (path: string, body: unknown, method = 'POST'): Promise<Response> => server.app.request(path, ...req(method, { body, cookie }));
const subRow = (id: number) => sandboxDb.prepare('SELECT status, quantity, plan_id FROM centra_subscriptions WHERE id = ?').get(id);

async function centraTargets() {
  const centra = server.deps.centra;
  const products = await centra.listProducts();
  const all: { email: string; contract: Awaited<ReturnType<typeof centra.getContracts>>[number] }[] = [];
  for (const e of await everyContract(centra)) all.push({ email: e.email, contract: e.contract });
  return { products, all };
}

async function actions(): Promise<ActionUnderTest[]> {
  const { products, all } = await centraTargets();
  const subs = all.flatMap((k) => k.contract.subscriptions.map((s) => ({ ...k, sub: s })));
  const toggle = subs.find((s) => s.sub.status === 'active' || s.sub.status === 'paused')!;
  const interval = subs.find((s) => s.sub.status !== 'cancelled' && intervalOptions(s.sub, products).filter((o) => o.planId !== s.sub.plan?.id).length >= 2)!;
  const quantity = subs.find((s) => s.sub.status !== 'cancelled' && quantityIncrease(s.sub, products).allowed && s !== toggle && s !== interval)!;
  const address = all.find((k) => k.contract.subscriptions.some((s) => s.status !== 'cancelled') && k.contract.id !== toggle.contract.id)!;
  expect(toggle && interval && quantity && address, 'the seed has a target for every Centra action').toBeTruthy();
  const planIds = intervalOptions(interval.sub, products).map((o) => o.planId);
  const baseQuantity = quantity.sub.quantity;
  let n = 0;

  const gigs = server.deps.gigs;
  const plan = (await gigs.listPlans()).find((p) => p.status === 'available')!;
  let gigsCustomer = '';
  for await (const page of gigs.allSubscriptions()) {
    let s: (typeof page)[number] | undefined;
    for (const x of page)
      if (x.status === 'active' && x.user?.status === 'active' && (await server.deps.customers.search.byId(customerIdFor(emailKey(x.user.email))))) {
        s = x;
        break;
      }
    if (s) {
      gigsCustomer = customerIdFor(emailKey(s.user!.email));
      break;
    }
  }
  expect(gigsCustomer).not.toBe('');

  return [
    {
      name: 'centra status',
      system: 'centra',
      mutation: 'status',
      isWrite: (c) => c.method === 'PUT',
      async next() {
        const now = (subRow(toggle.sub.id) as { status: string }).status;
        const status = now === 'active' ? 'paused' : 'active';
        return {
          send: () => post(`/api/centra-subscriptions/${toggle.sub.id}/status`, { status, reason: { code: 'customer_request', text: 'fault test' } }),
          state: () => subRow(toggle.sub.id),
        };
      },
    },
    {
      name: 'centra interval',
      system: 'centra',
      mutation: 'interval',
      isWrite: (c) => c.method === 'PUT',
      async next() {
        const now = String((subRow(interval.sub.id) as { plan_id: number }).plan_id);
        const planId = planIds.find((p) => p !== now)!;
        return { send: () => post(`/api/centra-subscriptions/${interval.sub.id}/interval`, { planId }), state: () => subRow(interval.sub.id) };
      },
    },
    {
      name: 'centra quantity',
      system: 'centra',
      mutation: 'quantity',
      isWrite: (c) => c.method === 'PUT',
      async next() {
        const now = (subRow(quantity.sub.id) as { quantity: number }).quantity;
        const q = now === baseQuantity ? baseQuantity + 1 : baseQuantity;
        return { send: () => post(`/api/centra-subscriptions/${quantity.sub.id}/quantity`, { quantity: q }), state: () => subRow(quantity.sub.id) };
      },
    },
    {
      name: 'centra address',
      system: 'centra',
      mutation: 'address',
      isWrite: (c) => c.method === 'PUT',
      async next() {
        const a = address.contract.shippingAddress as Record<string, string>;
        const body = {
          firstName: a.firstName || 'Ada',
          lastName: a.lastName || 'Lovelace',
          address1: a.address1 || 'Street 1',
          address2: '',
          zipCode: a.zipCode || '11122',
          city: `Faultville ${++n}`,
          phoneNumber: '',
          email: address.email,
        };
        const read = () => sandboxDb.prepare('SELECT city FROM centra_contracts WHERE id = ?').get(address.contract.id);
        return { send: () => post(`/api/centra-contracts/${address.contract.id}/address`, body, 'PUT'), state: read };
      },
    },
    {
      name: 'gigs connect session',
      system: 'gigs',
      mutation: 'connectSession.create',
      isWrite: (c) => c.method === 'POST' && c.path.endsWith('/connectSessions'),
      async next() {
        const body = { customerId: gigsCustomer, clientRequestId: randomUUID(), intent: { type: 'checkoutNewSubscription', plan: plan.id } };
        return { send: () => post('/api/connect-sessions', body), state: () => mutations('gigs', 'connectSession.create') };
      },
    },
  ];
}

/** The calls an action makes up to and including its write, as fault targets (method + general path). */
async function discover(a: ActionUnderTest): Promise<Call[]> {
  const { send } = await a.next();
  recorded.length = 0;
  recording = true;
  const res = await send();
  recording = false;
  expect(res.status, `${a.name} works without faults: ${await res.clone().text()}`).toBeLessThan(300);
  const upTo = recorded.findIndex((c) => c.system === a.system && a.isWrite(c));
  expect(upTo, `${a.name}: its write was seen`).toBeGreaterThanOrEqual(0);
  const seen = new Map<string, Call>();
  for (const c of recorded.slice(0, upTo + 1)) {
    const g = { ...c, path: generalPrefix(c.path) };
    seen.set(`${g.system} ${g.method} ${g.path}`, g);
  }
  return [...seen.values()];
}

type Outcome = { action: string; call: string; kind: string; mode: string; status: number; ms: number; applied: number; audit: string };

describe('upstream faults', () => {
  it('every fault kind on every upstream call of every action: a clear answer in time, an honest log, nothing applied twice or half', async () => {
    const outcomes: Outcome[] = [];
    const problems: string[] = [];
    const list = await actions();
    for (const a of list) {
      const calls = await discover(a);
      for (const call of calls) {
        const modes: { kind: FaultKind; once: boolean }[] = [...KINDS.map((kind) => ({ kind, once: false })), ...ONE_OFF.map((kind) => ({ kind, once: true }))];
        for (const { kind, once } of modes) {
          const { send, state } = await a.next();
          const before = JSON.stringify(state());
          const applied0 = mutations(a.system, a.mutation);
          await control(call.system, 'POST', '/faults', {
            kind,
            method: call.method,
            pathPrefix: call.path,
            ...(once ? { times: 1 } : {}),
            ...(kind === 'latency' ? { ms: 300 } : {}),
            ...(kind === 'rateLimit' ? { retryAfterSeconds: 1 } : {}),
          });
          const t0 = Date.now();
          const res = await send();
          const ms = Date.now() - t0;
          await control(call.system, 'DELETE', '/faults');
          const text = await res.text();
          const requestId = res.headers.get('x-request-id');
          const applied = mutations(a.system, a.mutation) - applied0;
          const entries = sqliteOf(server.deps)
            .$client.prepare("SELECT outcome, error FROM audit_events WHERE request_id = ? AND action NOT IN ('customer.view', 'access.denied') ORDER BY seq")
            .all(requestId) as { outcome: string; error: string | null }[];
          const label = `${a.name} / ${call.system} ${call.method} ${call.path} / ${kind}${once ? ' once' : ''} → ${res.status} in ${ms} ms`;
          const fail = (why: string) => problems.push(`${label}: ${why}`);
          const ok = res.status >= 200 && res.status < 300;
          let body: { message?: string } = {};
          try {
            body = JSON.parse(text);
          } catch {
            fail(`answer is not JSON: ${text.slice(0, 100)}`);
          }
          if (ms > BOUND_MS) fail(`took longer than ${BOUND_MS} ms`);
          if (!ok && !body.message) fail('no message');
          const expected = kind === 'timeout' ? 504 : kind === 'rateLimit' ? 503 : 502;
          if (!ok && res.status !== expected) fail(`expected ${expected}: ${text.slice(0, 200)}`);
          if (kind === 'latency' && !ok) fail(`a 300 ms delay should not fail the action: ${text.slice(0, 200)}`);
          if (applied > 1) fail(`applied ${applied} times`);
          if (ok !== (applied === 1)) fail(`answer says ${ok ? 'done' : 'not done'} but the sandbox applied ${applied}`);
          if (!ok && JSON.stringify(state()) !== before) fail(`upstream state changed after a failure: ${before} → ${JSON.stringify(state())}`);
          const outcomesSeen = entries.map((e) => e.outcome);
          if (ok && !outcomesSeen.includes('succeeded')) fail(`no succeeded entry (${outcomesSeen})`);
          if (!ok) {
            const failed = entries.find((e) => e.outcome === 'failed');
            if (!failed?.error || failed.error.length < 10) fail(`no failed entry with a reason (${outcomesSeen})`);
            if (outcomesSeen.includes('succeeded')) fail('a failure logged as succeeded');
          }
          const requested = outcomesSeen.filter((o) => o === 'requested').length;
          const settled = outcomesSeen.filter((o) => o === 'succeeded' || o === 'failed').length;
          if (requested > 0 && settled < requested) fail(`left requested (${outcomesSeen})`);
          outcomes.push({
            action: a.name,
            call: `${call.system} ${call.method} ${call.path}`,
            kind,
            mode: once ? 'once' : 'always',
            status: res.status,
            ms,
            applied,
            audit: outcomesSeen.join('→'),
          });
        }
      }
    }
    const calls = new Set(outcomes.map((o) => `${o.action} | ${o.call}`));
    recordResults('faults', {
      actions: list.length,
      upstreamCalls: calls.size,
      kinds: KINDS,
      cases: outcomes.length,
      timeoutMs: TIMEOUT_MS,
      maxAnswerMs: Math.max(...outcomes.map((o) => o.ms)),
      problems: problems.length,
      byStatus: outcomes.reduce<Record<number, number>>((acc, o) => ((acc[o.status] = (acc[o.status] ?? 0) + 1), acc), {}),
      appliedTwice: outcomes.filter((o) => o.applied > 1).length,
      table: outcomes.map((o) => `${o.action} | ${o.call} | ${o.kind} ${o.mode} | ${o.status} | ${o.ms} ms | applied ${o.applied} | ${o.audit}`),
    });
    expect(problems).toEqual([]);
    expect(calls.size).toBeGreaterThanOrEqual(10);
  });
});

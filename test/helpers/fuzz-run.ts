import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from './server.ts';
import { createMember, req, sessionCookie, type TestMember } from './auth.ts';
import { apiRoutesOf, concretePath, isWrite, roleMayCall, type ApiRoute } from './route-table.ts';
import { hostileBody, hostilePathValue, hostileQuery, type HostileBody } from './fuzz-inputs.ts';
import { sqliteOf } from './engines.ts';

/**
 * Runs hostile requests against every /api route of a started test server, signed in with a valid
 * session, and checks each answer:
 * - never a 5xx;
 * - a body over 64 KiB is a 413;
 * - every 4xx is JSON with a `message`, and every 400 has an `errors` object naming at least one field;
 * - NO WRITE, which here means all of:
 *   (a) no audit entry with outcome `requested` or `succeeded` other than the records of reading
 *       (`customer.view`, `customer.search` and `.bulk`, `audit.verify`, `audit.export`) and of the caller ending its own session
 *       (`auth.logout`, which takes no input): so no action was started, let alone applied;
 *   (b) the sandboxes' applied-mutation counters (Gigs and Centra `stats()`) do not move;
 *   (c) the staff table and the Connect links table are unchanged (checked per run).
 * Denied and failed entries are legitimate: refusing and recording a bad request is the point.
 */

export const READ_RECORDS = new Set(['customer.view', 'customer.search', 'customer.search.bulk', 'audit.verify', 'audit.export', 'auth.logout']);

export type FuzzRole = 'admin' | 'support';

export type FuzzCase = {
  route: ApiRoute;
  role: FuzzRole;
  path: string;
  query: string;
  body?: HostileBody;
};

export type FuzzStats = { cases: number; byStatus: Record<string, number>; byKind: Record<string, number>; routes: number; failures: string[] };

/** Valid bodies for routes whose shape we know; the fuzzer only ever sends them mutated. */
export const BODY_TEMPLATES: Record<string, Record<string, unknown>> = {
  'POST /api/auth/login': { email: 'nobody@fuzz.invalid', password: 'not the password 1' },
  'POST /api/auth/password': { currentPassword: 'not the password 1', newPassword: 'a brand new passphrase 77' },
  'POST /api/staff': { email: 'fuzz.created@fuzz.invalid', role: 'support' },
  'PUT /api/staff/:id': { role: 'support', disabled: false },
  'POST /api/centra-subscriptions/:id/status': { status: 'paused', reason: { code: 'customer_request' } },
  'POST /api/centra-subscriptions/:id/interval': { planId: '1' },
  'POST /api/centra-subscriptions/:id/quantity': { quantity: 2 },
  'PUT /api/centra-contracts/:id/address': {
    firstName: 'Ada',
    lastName: 'Lovelace',
    address1: 'Street 1',
    address2: '',
    zipCode: '11122',
    city: 'Stockholm',
    phoneNumber: '',
    email: 'ada@fuzz.invalid',
  },
  'POST /api/connect-sessions': { customerId: 'cus_aaaaaaaaaaaaaaaaaaaa', clientRequestId: randomUUID(), intent: { type: 'updatePaymentMethod' } },
};

/** encodeURIComponent refuses lone surrogates; a real client would send U+FFFD for them. */
function safeEncode(s: string) {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** The arbitrary of one case over the given routes and roles. */
export function caseArbitrary(routes: ApiRoute[], roles: FuzzRole[]): fc.Arbitrary<FuzzCase> {
  return fc.constantFrom(...routes).chain((route) =>
    fc.record({
      route: fc.constant(route),
      role: fc.constantFrom(...roles.filter((r) => roleMayCall(route, r))),
      path: fc.array(hostilePathValue, { minLength: 3, maxLength: 3 }).map((vals) => {
        let i = 0;
        return concretePath(route.path, () => safeEncode(vals[i++ % vals.length]!));
      }),
      query: hostileQuery,
      body: isWrite(route.method) ? hostileBody(BODY_TEMPLATES[`${route.method} ${route.path}`]) : fc.constant(undefined),
    }),
  );
}

/** The routes a fuzz run covers: every /api route one of `roles` may call. */
export function fuzzableRoutes(server: TestServer, roles: FuzzRole[]): ApiRoute[] {
  return apiRoutesOf(server.app).filter((r) => r.rule && roles.some((role) => roleMayCall(r, role)));
}

function mutationTotal(server: TestServer): number {
  const sum = (s: Record<string, number>) => Object.values(s).reduce((a, b) => a + b, 0);
  return sum(server.sandbox!.gigsEmulator.stats()) + sum(server.sandbox!.centraEmulator.stats());
}

function tableSignature(server: TestServer): string {
  const db = sqliteOf(server.deps).$client;
  // last_seen_at moves with every request (sessions); what a write would change is everything else.
  const staff = db.prepare('SELECT id, email, role, disabled, password_hash, must_change_password FROM staff ORDER BY id').all();
  const links = db.prepare('SELECT count(*) AS n FROM connect_sessions').get();
  return JSON.stringify({ staff, links });
}

/** What is wrong with one answer (status and body), by the rules above; empty when nothing is. */
export function answerProblems(status: number, text: string, body?: HostileBody): string[] {
  const problems: string[] = [];
  if (status >= 500) problems.push(`answered ${status}: ${text.slice(0, 300)}`);
  if (body?.expect413 && status !== 413) problems.push(`a ${Buffer.byteLength(body.raw)}-byte body answered ${status}, not 413`);
  if (status >= 400 && status < 500) {
    let parsed: { message?: unknown; errors?: unknown } | null = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      problems.push(`a ${status} that is not JSON: ${text.slice(0, 200)}`);
    }
    if (parsed) {
      if (typeof parsed.message !== 'string' || !parsed.message.trim()) problems.push(`a ${status} without a message: ${text.slice(0, 200)}`);
      if (status === 400) {
        const errors = parsed.errors as Record<string, unknown> | undefined;
        const named = errors && typeof errors === 'object' ? Object.keys(errors).filter((k) => k.trim() && typeof errors[k] === 'string') : [];
        if (!named.length) problems.push(`a 400 that names no field: ${text.slice(0, 200)}`);
      }
    }
  }
  return problems;
}

export type Fuzzer = {
  routes: ApiRoute[];
  run(c: FuzzCase): Promise<void>;
  stats: FuzzStats;
  /** Checks the per-run part of "no write" (tables) and throws with every failure seen. */
  finish(): void;
};

/** Prepares members and counters; `run` sends one case and records any broken invariant. */
export async function createFuzzer(server: TestServer, roles: FuzzRole[] = ['admin', 'support']): Promise<Fuzzer> {
  const members = {} as Record<FuzzRole, TestMember>;
  for (const role of roles) members[role] = await createMember(server, role);
  const routes = fuzzableRoutes(server, roles);
  const signature = tableSignature(server);
  const origin = new URL(server.deps.config.publicUrl).origin;
  const sqlite = sqliteOf(server.deps).$client;
  const maxSeq = sqlite.prepare('SELECT coalesce(max(seq), 0) FROM audit_events').pluck();
  const writesSince = sqlite.prepare("SELECT seq, action, outcome FROM audit_events WHERE seq > ? AND outcome IN ('requested', 'succeeded')");
  const stats: FuzzStats = { cases: 0, byStatus: {}, byKind: {}, routes: routes.length, failures: [] };

  async function run(c: FuzzCase) {
    const seqBefore = maxSeq.get() as number;
    const mutationsBefore = mutationTotal(server);
    // A fresh session per case: logout (a route like any other here) ends the session it is called with.
    const cookie = await sessionCookie(server, members[c.role]);
    const headers: Record<string, string> = {};
    let body: string | undefined;
    if (isWrite(c.route.method)) {
      headers.origin = origin;
      headers['sec-fetch-site'] = 'same-origin';
    }
    if (c.body) {
      body = c.body.raw;
      if (c.body.contentType !== '') headers['content-type'] = c.body.contentType ?? 'application/json';
    }
    const url = c.query ? `${c.path}?${c.query}` : c.path;
    const label = `${c.role} ${c.route.method} ${url.slice(0, 200)} [${c.body?.kind ?? 'no body'}] ${body?.slice(0, 120) ?? ''}`;
    const res = await server.app.request(url, ...req(c.route.method, { cookie, body, headers }));
    const text = await res.text();
    stats.cases += 1;
    stats.byStatus[res.status] = (stats.byStatus[res.status] ?? 0) + 1;
    const kind = c.body?.kind.replace(/ (without|with bad|plus) .*/, ' mutated') ?? 'query and path';
    stats.byKind[kind] = (stats.byKind[kind] ?? 0) + 1;

    const problems = answerProblems(res.status, text, c.body);
    const writes = (writesSince.all(seqBefore) as { seq: number; action: string; outcome: string }[]).filter((e) => !READ_RECORDS.has(e.action));
    if (writes.length) problems.push(`wrote to the audit log: ${writes.map((w) => `${w.action}:${w.outcome}`).join(', ')}`);
    const mutationsAfter = mutationTotal(server);
    if (mutationsAfter !== mutationsBefore) problems.push(`the sandbox applied ${mutationsAfter - mutationsBefore} mutation(s)`);
    if (problems.length) {
      const failure = `${label} → ${problems.join('; ')}`;
      stats.failures.push(failure);
      throw new Error(failure);
    }
  }

  return {
    routes,
    run,
    stats,
    finish() {
      if (tableSignature(server) !== signature) stats.failures.push('the staff or connect_sessions table changed during the run');
    },
  };
}

/**
 * The deterministic sweep: every route meets every body shape (writes) or a fixed set of broken
 * list parameters (reads) at least once, so coverage does not depend on the random draw.
 */
/** A started test server with its index crawled (searches then really run against FTS5), and a fuzzer on it. */
export async function startFuzzing(roles: FuzzRole[]): Promise<{ server: TestServer; fuzzer: Fuzzer }> {
  const server = await startTestServer();
  await server.deps.customers.crawler.run('full');
  return { server, fuzzer: await createFuzzer(server, roles) };
}

/** Runs every sweep case; answers the failures (none expected). */
export async function runSweep(fuzzer: Fuzzer, roles: FuzzRole[]): Promise<string[]> {
  const failures: string[] = [];
  for (const c of sweepCases(fuzzer.routes, roles)) await fuzzer.run(c).catch((err: Error) => failures.push(err.message));
  return failures;
}

export function sweepCases(routes: ApiRoute[], roles: FuzzRole[]): FuzzCase[] {
  const out: FuzzCase[] = [];
  const bodies: HostileBody[] = [
    { kind: 'malformed JSON', raw: '{"a":' },
    { kind: 'wrong top-level type', raw: '[1,2,3]' },
    { kind: 'wrong top-level type', raw: '"text"' },
    { kind: 'wrong top-level type', raw: 'null' },
    { kind: 'hostile fields', raw: JSON.stringify({ unknownField: "'; DROP TABLE staff; --", email: '<script>alert(1)</script>' }) },
    { kind: 'huge body', raw: JSON.stringify({ text: 'A'.repeat(70 * 1024) }), expect413: true },
    { kind: 'deep nesting', raw: '['.repeat(30_000) + ']'.repeat(30_000) },
    { kind: 'deep nesting', raw: '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000) },
    { kind: 'long string', raw: JSON.stringify({ email: '\u0000'.repeat(9_000) }) },
    { kind: 'wrong content type', raw: 'a=1', contentType: 'application/x-www-form-urlencoded' },
    { kind: 'empty body', raw: '' },
    // Field names that live on Object.prototype: a plain-object error map once lost them.
    { kind: 'prototype field names', raw: '{"toString":1,"valueOf":2}' },
    { kind: 'prototype field names', raw: '{"__proto__":{"role":"admin"}}' },
    { kind: 'prototype field names', raw: '{"constructor":{"prototype":{}}}' },
  ];
  const queries = [
    'sort=%5B',
    'range=%5B5%2C1%5D',
    'range=%5B0%2C100000%5D',
    'filter=%7B',
    'filter=%7B%22unknown%22%3A1%7D',
    'sort=%5B%22nope%22%2C%22ASC%22%5D',
    `filter=${encodeURIComponent(JSON.stringify({ q: '" OR 1=1 NEAR( *' }))}`,
    'unknownParam=1',
  ];
  for (const route of routes) {
    for (const role of roles.filter((r) => roleMayCall(route, r))) {
      const path = concretePath(route.path, () => '999999999999');
      if (isWrite(route.method)) for (const body of bodies) out.push({ route, role, path, query: '', body });
      else for (const query of queries) out.push({ route, role, path, query });
      out.push({
        route,
        role,
        path: concretePath(route.path, () => safeEncode("1' OR '1'='1")),
        query: '',
        body: isWrite(route.method) ? bodies[4] : undefined,
      });
    }
  }
  return out;
}

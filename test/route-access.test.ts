import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { createMember, req, sessionCookie } from './helpers/auth.ts';
import { allow, publicRoute, type AccessRule } from '../server/http/access.ts';
import { ROLES, type Role } from '../server/vocabulary/roles.ts';
import { apiRoutesOf, concretePath, isWrite, listedRoles, type ApiRoute } from './helpers/route-table.ts';
import { rowOf, rowsOf } from './helpers/engines.ts';

/**
 * The route-by-role matrix. It walks the real app's route table, so a route another engineer adds
 * later is checked without touching this file: it must declare its access rule as its first
 * handler, answer 401 without a session, 403 to every role it does not list (and audit that
 * denial), and let every role it lists past its rule (a route may still refuse one object).
 */
let server: TestServer;
let routes: ApiRoute[];
const members = {} as Record<Role, { id: number }>;

beforeAll(async () => {
  server = await startTestServer();
  routes = apiRoutesOf(server.app);
  for (const role of ROLES) members[role] = await createMember(server, role);
});
afterAll(() => server?.close());

async function send(route: ApiRoute, cookie?: string) {
  const body = isWrite(route.method) ? {} : undefined;
  const headers: Record<string, string> = isWrite(route.method)
    ? { origin: new URL(server.deps.config.publicUrl).origin, 'sec-fetch-site': 'same-origin' }
    : {};
  return server.app.request(concretePath(route.path), ...req(route.method, { body, cookie, headers }));
}

const lastDenial = async () =>
  (
    await rowsOf<{ seq: number; target_id: string; error: string }>(
      server.deps,
      "SELECT seq, target_id, error FROM audit_events WHERE action = 'access.denied' ORDER BY seq DESC LIMIT 1",
    )
  ).at(0);

describe('route access', () => {
  it('finds the API routes (the walk itself works)', () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);
    expect(names).toContain('POST /api/auth/login');
    expect(names).toContain('GET /api/staff/:id');
    expect(names).toContain('GET /api/health');
    expect(routes.length).toBeGreaterThan(8);
  });

  it('flags a route without an access rule', () => {
    const bad = new Hono()
      .get('/api/forgot', (c) => c.text('x'))
      .get('/api/fine', allow('staff', 'list'), (c) => c.text('x'))
      .get('/api/open', publicRoute, (c) => c.text('x'));
    expect(
      apiRoutesOf(bad)
        .filter((r) => !r.rule)
        .map((r) => r.path),
    ).toEqual(['/api/forgot']);
  });

  it('every /api route declares who may call it, as its first handler', () => {
    const missing = routes.filter((r) => !r.rule).map((r) => `${r.method} ${r.path}`);
    expect(missing, 'routes without allow(...)/signedIn()/publicRoute first').toEqual([]);
  });

  it('answers 401 without a session, and audits the denials in one entry for the address', async () => {
    const closed = routes.filter((r) => r.rule && !r.rule.public);
    const before = (await lastDenial())?.seq ?? 0;
    for (const route of closed) {
      const res = await send(route);
      expect(res.status, `${route.method} ${route.path}`).toBe(401);
    }
    await server.deps.auditWindows.close();
    const entry = await lastDenial();
    expect(entry && entry.seq > before, 'one access.denied entry for the signed-out requests').toBe(true);
    expect(entry!.target_id).toBe(`${closed[0]!.method} ${closed[0]!.path}`);
    const request = JSON.parse((await rowOf<{ request: string }>(server.deps, 'SELECT request FROM audit_events WHERE seq = $1', [entry!.seq])).request);
    expect(request.count).toBe(closed.length);
  });

  it('answers 403 to every role a route does not list (audited), and lets listed roles through', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.rule)) {
      const listed = listedRoles(route.rule!);
      for (const role of ROLES) {
        const before = (await lastDenial())?.seq ?? 0;
        // A fresh session each time: some routes (logout) end the session that calls them.
        const res = await send(route, await sessionCookie(server, members[role]));
        const label = `${role} ${route.method} ${route.path} → ${res.status}`;
        if (listed.includes(role)) {
          // A listed role may still meet an object-level refusal inside the route (e.g. support
          // reading the audit log only for one customer): that is a 403 of the route's own, not
          // the role rule's. What must never happen is a 401 or the rule refusing a listed role.
          const entry = await lastDenial();
          const ruleDenied = entry && entry.seq > before && JSON.parse(entry.error ?? '{}').reason === `role ${role} not allowed`;
          const text = await res.text();
          // The sign-in's second step is public and needs its own pending sign-in, not a session: its 401 says so.
          const pendingSignInAsked = route.rule!.public && res.status === 401 && text.includes('"code":"signInAgain"');
          if ((res.status === 401 && !pendingSignInAsked) || ruleDenied) failures.push(`${label} (listed, should pass: ${text})`);
        } else {
          if (res.status !== 403) failures.push(`${label} (not listed, should be 403)`);
          const entry = await lastDenial();
          if (!entry || entry.seq <= before || entry.target_id !== `${route.method} ${route.path}`) failures.push(`${label} (denial not audited)`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('holds a member who must choose a password to the auth routes', async () => {
    const pending = await createMember(server, 'admin', { mustChangePassword: true });
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.rule && !r.rule.public)) {
      const res = await send(route, await sessionCookie(server, pending));
      const rule = route.rule as Extract<AccessRule, { public: false }>;
      const label = `${route.method} ${route.path} → ${res.status}`;
      if (rule.allowPasswordChange) {
        if (res.status === 401 || res.status === 403) failures.push(`${label} (should be reachable)`);
      } else if (res.status !== 403 || (await res.json()).code !== 'passwordChangeRequired') {
        failures.push(`${label} (should be 403 passwordChangeRequired)`);
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMember, req, sessionCookie, sessionFromResponse, startAuthTestApp, type AuthTestApp, type TestMember } from './helpers/auth.ts';
import { sqliteOf } from './helpers/engines.ts';

let t: AuthTestApp;
let admin: TestMember;
let adminCookie: string;
beforeEach(async () => {
  t = startAuthTestApp();
  admin = await createMember(t, 'admin', { email: 'boss@example.com' });
  adminCookie = await sessionCookie(t, admin);
});
afterEach(() => t.close());

const call = (method: string, path: string, body?: unknown, cookie = adminCookie) => t.app.request(`/api${path}`, ...req(method, { cookie, body }));
const me = (cookie: string) => t.app.request('/api/auth/me', ...req('GET', { cookie }));
const auditOf = (action: string) =>
  (
    sqliteOf(t.deps).$client.prepare('SELECT outcome, actor_email, target_id, before, after FROM audit_events WHERE action = ? ORDER BY seq').all(action) as {
      outcome: string;
      actor_email: string;
      target_id: string;
      before: string | null;
      after: string | null;
    }[]
  ).map((e) => ({ ...e, before: e.before && JSON.parse(e.before), after: e.after && JSON.parse(e.after) }));

describe('staff resource', () => {
  it('lists with sort, range, filter and Content-Range (simple-rest)', async () => {
    for (const role of ['support', 'support', 'auditor', 'merchandiser'] as const) await createMember(t, role);
    const res = await call(
      'GET',
      `/staff?sort=${encodeURIComponent('["email","ASC"]')}&range=${encodeURIComponent('[0,1]')}&filter=${encodeURIComponent('{"role":"support"}')}`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-range')).toBe('staff 0-1/2');
    const rows = await res.json();
    expect(rows.map((r: { role: string }) => r.role)).toEqual(['support', 'support']);
    expect(Object.keys(rows[0]).sort()).toEqual([
      'activeSessions',
      'createdAt',
      'disabled',
      'email',
      'id',
      'lastSeenAt',
      'lockedUntil',
      'mustChangePassword',
      'oneTimePasswordExpiresAt',
      'role',
      'secondFactorRequired',
      'secondFactors',
      'updatedAt',
    ]);
    const many = await (await call('GET', `/staff?filter=${encodeURIComponent(JSON.stringify({ id: [admin.id] }))}`)).json();
    expect(many.map((r: { email: string }) => r.email)).toEqual(['boss@example.com']);
    const q = await (await call('GET', `/staff?filter=${encodeURIComponent('{"q":"BOSS"}')}`)).json();
    expect(q).toHaveLength(1);
    expect((await call('GET', `/staff?filter=${encodeURIComponent('{"nope":1}')}`)).status).toBe(400);
    expect((await call('GET', `/staff/${admin.id}`)).status).toBe(200);
    expect((await call('GET', '/staff/424242')).status).toBe(404);
  });

  it('creates a member with a one-time password shown once, and audits it', async () => {
    const res = await call('POST', '/staff', { email: ' Agent@Example.com', role: 'support' });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ email: 'agent@example.com', role: 'support', mustChangePassword: true, disabled: false });
    expect(body.oneTimePassword).toMatch(/^[a-z2-9-]{23}$/);
    expect(JSON.stringify(await (await call('GET', `/staff/${body.id}`)).json())).not.toContain(body.oneTimePassword);
    const [entry] = auditOf('staff.create');
    expect(entry).toMatchObject({
      outcome: 'succeeded',
      actor_email: 'boss@example.com',
      target_id: String(body.id),
      after: { email: 'agent@example.com', role: 'support' },
    });
    expect(JSON.stringify(entry)).not.toContain(body.oneTimePassword);
    const dup = await call('POST', '/staff', { email: 'agent@example.com', role: 'auditor' });
    expect(dup.status).toBe(409);
    expect((await dup.json()).errors.email).toBeDefined();
    const chosen = await call('POST', '/staff', { email: 'x@example.com', role: 'support', password: 'admin chooses this one' });
    expect(chosen.status).toBe(400);
    expect((await chosen.json()).errors).toEqual({ password: 'is not a known field' });
    expect((await call('POST', '/staff', { email: 'not-an-email', role: 'support' })).status).toBe(400);
    expect((await call('POST', '/staff', { email: 'y@example.com', role: 'root' })).status).toBe(400);
  });

  it('accepts the whole record back on update, ignores read-only fields, refuses unknown ones', async () => {
    const member = await createMember(t, 'support');
    const record = await (await call('GET', `/staff/${member.id}`)).json();
    const res = await call('PUT', `/staff/${member.id}`, { ...record, role: 'merchandiser', email: 'ignored@example.com' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ role: 'merchandiser', email: member.email });
    const unknown = await call('PUT', `/staff/${member.id}`, { ...record, passwordHash: 'x' });
    expect(unknown.status).toBe(400);
    const [entry] = auditOf('staff.update');
    expect(entry).toMatchObject({ outcome: 'succeeded', before: { role: 'support' }, after: { role: 'merchandiser' } });
  });

  it("stops a disabled member's live session at once, and lets them back after enabling", async () => {
    const member = await createMember(t, 'support');
    const cookie = await sessionCookie(t, member);
    expect((await me(cookie)).status).toBe(200);
    expect((await call('PUT', `/staff/${member.id}`, { disabled: true })).status).toBe(200);
    expect((await me(cookie)).status).toBe(401);
    const login = () => t.app.request('/api/auth/login', ...req('POST', { body: { email: member.email, password: member.password } }));
    expect((await login()).status).toBe(403);
    expect((await call('PUT', `/staff/${member.id}`, { disabled: false })).status).toBe(200);
    expect((await login()).status).toBe(200);
    expect(auditOf('staff.update')[0]!.after).toMatchObject({ disabled: true, sessionsEnded: 1 });
  });

  it('ends sessions when the role changes', async () => {
    const member = await createMember(t, 'support');
    const cookie = await sessionCookie(t, member);
    const other = await sessionCookie(t, member);
    expect((await call('PUT', `/staff/${member.id}`, { role: 'auditor' })).status).toBe(200);
    expect((await me(cookie)).status).toBe(401);
    expect((await me(other)).status).toBe(401);
  });

  it('counts live sessions only: one idle past the timeout is not counted, though its row is still stored', async () => {
    const member = await createMember(t, 'support');
    const count = async () => ((await (await call('GET', `/staff/${member.id}`)).json()) as { activeSessions: number }).activeSessions;
    await sessionCookie(t, member);
    t.advance(20 * 60_000);
    const busy = await sessionCookie(t, member);
    expect(await count()).toBe(2);
    t.advance(11 * 60_000); // the first is now idle for 31 minutes, its row still stored
    expect(await count()).toBe(1);
    expect((await me(busy)).status).toBe(200);
    t.advance(29 * 60_000);
    expect(await count()).toBe(1);
    t.advance(2 * 60_000);
    expect(await count()).toBe(0);
  });

  it('ends sessions on request', async () => {
    const member = await createMember(t, 'merchandiser');
    const cookie = await sessionCookie(t, member);
    const res = await call('POST', `/staff/${member.id}/end-sessions`, {});
    expect(await res.json()).toMatchObject({ id: member.id, sessionsEnded: 1, activeSessions: 0 });
    expect((await me(cookie)).status).toBe(401);
    expect(auditOf('staff.sessions.end')).toHaveLength(1);
  });

  it('resets a password to a new one-time password; the member must choose their own', async () => {
    const member = await createMember(t, 'auditor');
    const cookie = await sessionCookie(t, member);
    const res = await call('POST', `/staff/${member.id}/reset-password`, {});
    const body = await res.json();
    expect(body).toMatchObject({ mustChangePassword: true });
    expect((await me(cookie)).status).toBe(401);
    const old = await t.app.request('/api/auth/login', ...req('POST', { body: { email: member.email, password: member.password } }));
    expect(old.status).toBe(401);
    const fresh = await t.app.request('/api/auth/login', ...req('POST', { body: { email: member.email, password: body.oneTimePassword } }));
    expect((await fresh.json()).mustChangePassword).toBe(true);
    const blocked = await t.app.request('/api/auth/me', ...req('GET', { cookie: sessionFromResponse(fresh) }));
    expect(blocked.status).toBe(200);
    expect(auditOf('staff.password.reset')).toHaveLength(1);
  });

  it('never lets the last active admin be demoted or disabled', async () => {
    const demote = await call('PUT', `/staff/${admin.id}`, { role: 'support' });
    expect(demote.status).toBe(409);
    expect((await demote.json()).code).toBe('lastAdmin');
    expect((await call('PUT', `/staff/${admin.id}`, { disabled: true })).status).toBe(409);
    expect(auditOf('staff.update').map((e) => e.outcome)).toEqual(['failed', 'failed']);

    // A disabled admin does not count as a remaining admin.
    const second = await createMember(t, 'admin', { disabled: true });
    expect((await call('PUT', `/staff/${admin.id}`, { role: 'support' })).status).toBe(409);
    expect((await call('PUT', `/staff/${second.id}`, { disabled: false })).status).toBe(200);
    expect((await call('PUT', `/staff/${admin.id}`, { role: 'support' })).status).toBe(200);
    // Now `second` is the last one.
    const secondCookie = await sessionCookie(t, second);
    expect((await call('PUT', `/staff/${second.id}`, { disabled: true }, secondCookie)).status).toBe(409);
  });

  it('is for admins only', async () => {
    for (const role of ['support', 'merchandiser', 'auditor'] as const) {
      const cookie = await sessionCookie(t, await createMember(t, role));
      expect((await call('GET', '/staff', undefined, cookie)).status).toBe(403);
      expect((await call('POST', '/staff', { email: 'z@example.com', role: 'admin' }, cookie)).status).toBe(403);
    }
    expect((await t.app.request('/api/staff')).status).toBe(401);
  });
});

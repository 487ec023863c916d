import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loginAs, req, sessionFromResponse, startAuthTestApp, type AuthTestApp } from './helpers/auth.ts';
import { ONE_TIME_PASSWORD_LIFETIME_MS } from '../server/auth/tokens.ts';
import { WRONG_CREDENTIALS } from '../server/auth/sign-in.ts';

let t: AuthTestApp;
beforeEach(() => {
  t = startAuthTestApp();
});
afterEach(() => t.close());

const login = (email: string, password: string, opts: { ip?: string } = {}) =>
  t.app.request('/api/auth/login', ...req('POST', { body: { email, password }, ...opts }));
const auditErrors = (action: string) =>
  (t.deps.db.$client.prepare('SELECT error FROM audit_events WHERE action = ? ORDER BY seq').all(action) as { error: string | null }[]).map((e) => JSON.parse(e.error ?? 'null'));

describe('one-time passwords', () => {
  it('work for 72 hours after they are issued; then only a new one from an admin does, and the sign-in says so', async () => {
    const admin = await loginAs(t, 'admin');
    const created = await (await t.app.request('/api/staff', ...req('POST', { cookie: admin, body: { email: 'late.starter@example.com', role: 'support' } }))).json();
    expect(Date.parse(created.oneTimePasswordExpiresAt) - t.deps.clock().getTime()).toBe(ONE_TIME_PASSWORD_LIFETIME_MS);

    t.advance(ONE_TIME_PASSWORD_LIFETIME_MS - 1000);
    expect((await login('late.starter@example.com', created.oneTimePassword, { ip: '198.51.100.7' })).status).toBe(200);

    t.advance(1000);
    const expired = await login('late.starter@example.com', created.oneTimePassword, { ip: '198.51.100.7' });
    expect(expired.status).toBe(403);
    const body = await expired.json();
    expect(body.code).toBe('oneTimePasswordExpired');
    expect(body.message).toMatch(/expired.*72 hours.*Ask an admin for a new one/);
    expect(sessionFromResponse(expired)).toBeUndefined();
    expect(auditErrors('auth.login.failed').at(-1)).toEqual({ reason: 'one-time password expired' });

    // A wrong password after expiry gets the usual answer: the expiry is news only to whoever knew the one-time password.
    expect((await login('late.starter@example.com', 'not the one-time password', { ip: '198.51.100.8' })).status).toBe(401);

    // Three days on, the admin signs in afresh to issue a new one.
    const laterAdmin = await loginAs(t, 'admin');
    const reset = await (await t.app.request(`/api/staff/${created.id}/reset-password`, ...req('POST', { cookie: laterAdmin, body: {} }))).json();
    // (Waits out the growing delay between failed attempts; the lock and its way out are tested below.)
    t.advance(60_000);
    const old = await login('late.starter@example.com', created.oneTimePassword, { ip: '198.51.100.9' });
    expect((await old.json()).message).toContain(WRONG_CREDENTIALS);
    t.advance(60_000);
    const fresh = await login('late.starter@example.com', reset.oneTimePassword, { ip: '198.51.100.9' });
    expect(fresh.status).toBe(200);
    expect((await fresh.json()).mustChangePassword).toBe(true);
  });

  it('stop expiring once the member has chosen their own password', async () => {
    const admin = await loginAs(t, 'admin');
    const created = await (await t.app.request('/api/staff', ...req('POST', { cookie: admin, body: { email: 'prompt@example.com', role: 'auditor' } }))).json();
    const cookie = sessionFromResponse(await login('prompt@example.com', created.oneTimePassword))!;
    const changed = await t.app.request('/api/auth/password', ...req('POST', { cookie, body: { currentPassword: created.oneTimePassword, newPassword: 'plum orbit kettle seven' } }));
    expect(changed.status).toBe(200);
    const record = await (await t.app.request(`/api/staff/${created.id}`, ...req('GET', { cookie: admin }))).json();
    expect(record.oneTimePasswordExpiresAt).toBeNull();
    t.advance(ONE_TIME_PASSWORD_LIFETIME_MS * 2);
    expect((await login('prompt@example.com', 'plum orbit kettle seven')).status).toBe(200);
  });
});

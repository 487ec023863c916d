import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMember, loginAs, req, sessionFromResponse, startAuthTestApp, type AuthTestApp } from './helpers/auth.ts';
import { ONE_TIME_PASSWORD_LIFETIME_MS } from '../server/auth/tokens.ts';
import { WRONG_CREDENTIALS } from '../server/auth/sign-in.ts';
import { loadOrCreateAuthKey } from '../server/auth/auth-key.ts';
import { loadConfig } from '../server/config.ts';
import { sqliteOf } from './helpers/engines.ts';

let t: AuthTestApp;
beforeEach(() => {
  t = startAuthTestApp();
});
afterEach(() => t.close());

const login = (email: string, password: string, opts: { ip?: string } = {}) =>
  t.app.request('/api/auth/login', ...req('POST', { body: { email, password }, ...opts }));
const auditErrors = (action: string) =>
  (sqliteOf(t.deps).$client.prepare('SELECT error FROM audit_events WHERE action = ? ORDER BY seq').all(action) as { error: string | null }[]).map((e) =>
    JSON.parse(e.error ?? 'null'),
  );

describe('one-time passwords', () => {
  it('work for 72 hours after they are issued; then only a new one from an admin does, and the sign-in says so', async () => {
    const admin = await loginAs(t, 'admin');
    const created = await (
      await t.app.request('/api/staff', ...req('POST', { cookie: admin, body: { email: 'late.starter@example.com', role: 'support' } }))
    ).json();
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
    const changed = await t.app.request(
      '/api/auth/password',
      ...req('POST', { cookie, body: { currentPassword: created.oneTimePassword, newPassword: 'plum orbit kettle seven' } }),
    );
    expect(changed.status).toBe(200);
    const record = await (await t.app.request(`/api/staff/${created.id}`, ...req('GET', { cookie: admin }))).json();
    expect(record.oneTimePasswordExpiresAt).toBeNull();
    t.advance(ONE_TIME_PASSWORD_LIFETIME_MS * 2);
    expect((await login('prompt@example.com', 'plum orbit kettle seven')).status).toBe(200);
  });
});

describe('failed sign-ins for addresses no member has', () => {
  const everythingStored = () =>
    JSON.stringify([
      sqliteOf(t.deps).$client.prepare('SELECT * FROM audit_events').all(),
      sqliteOf(t.deps).$client.prepare('SELECT * FROM login_throttle').all(),
    ]);
  const lastFailure = () =>
    sqliteOf(t.deps)
      .$client.prepare("SELECT actor_email, target_id, request FROM audit_events WHERE action = 'auth.login.failed' ORDER BY seq DESC LIMIT 1")
      .get() as {
      actor_email: string | null;
      target_id: string | null;
      request: string;
    };

  it('keep a keyed hash of what was typed and its domain, never the text: a password pasted into the e-mail field stays out of the database', async () => {
    await login('Tr0ub4dor&3-pasted-here', 'whatever was in the password field', { ip: '198.51.100.20' });
    const pasted = lastFailure();
    expect(pasted.actor_email).toBeNull();
    expect(pasted.target_id).toBeNull();
    const pastedRequest = JSON.parse(pasted.request);
    expect(pastedRequest).toEqual({ emailFingerprint: expect.stringMatching(/^[0-9a-f]{32}$/), emailDomain: null });

    await login('Someone.Else@Example.org', 'a guess', { ip: '198.51.100.21' });
    const typo = JSON.parse(lastFailure().request);
    expect(typo.emailDomain).toBe('example.org');
    // The same address typed again hashes the same (after trimming and lower-casing): repeated tries line up.
    await login(' someone.else@example.ORG ', 'another guess', { ip: '198.51.100.22' });
    expect(JSON.parse(lastFailure().request).emailFingerprint).toBe(typo.emailFingerprint);
    expect(typo.emailFingerprint).not.toBe(pastedRequest.emailFingerprint);

    // A domain made of a secret's characters is not a domain: dropped.
    await login('me@hunter2', 'x', { ip: '198.51.100.23' });
    expect(JSON.parse(lastFailure().request).emailDomain).toBeNull();

    const stored = everythingStored().toLowerCase();
    for (const typed of ['tr0ub4dor', 'someone.else', 'hunter2']) expect(stored).not.toContain(typed);
  });

  it('is keyed by a secret outside the database: another deployment hashes the same address differently', async () => {
    const other = startAuthTestApp();
    const fingerprint = async (app: AuthTestApp) => {
      await app.app.request('/api/auth/login', ...req('POST', { body: { email: 'guess@example.com', password: 'x' } }));
      return JSON.parse(
        (sqliteOf(app.deps).$client.prepare("SELECT request FROM audit_events WHERE action = 'auth.login.failed'").get() as { request: string }).request,
      ).emailFingerprint;
    };
    expect(await fingerprint(t)).not.toBe(await fingerprint(other));
    other.close();
  });

  it("keep a member's own failed sign-in under their id and address, as before", async () => {
    const m = await createMember(t, 'support');
    await login(m.email, 'wrong password for them', { ip: '198.51.100.24' });
    expect(lastFailure()).toMatchObject({ actor_email: m.email, target_id: String(m.id) });
  });
});

describe('the sign-in key', () => {
  it('lives beside the audit signing key, made 0600 on first start and read back the same afterwards', () => {
    const dir = mkdtempSync(join(tmpdir(), 'subdesk-auth-key-'));
    const config = loadConfig({ DATABASE_PATH: join(dir, 'db', 'subdesk.db'), AUDIT_SIGNING_KEY_PATH: join(dir, 'keys', 'audit.pem') });
    expect(config.authKeyPath).toBe(join(dir, 'keys', 'auth-key'));
    const first = loadOrCreateAuthKey(config.authKeyPath);
    expect(statSync(config.authKeyPath).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'keys')).mode & 0o777).toBe(0o700);
    const again = loadOrCreateAuthKey(config.authKeyPath);
    expect(again.emailFingerprint('a@example.com')).toBe(first.emailFingerprint('a@example.com'));
    const sealed = first.seal('JBSWY3DPEHPK3PXP', 'staff:1');
    expect(again.open(sealed, 'staff:1')).toBe('JBSWY3DPEHPK3PXP');
    // Sealed for one member, it does not open for another.
    expect(again.open(sealed, 'staff:2')).toBeNull();
    expect(loadConfig({ DATABASE_PATH: join(dir, 'x.db'), AUTH_KEY_PATH: '/etc/subdesk/auth-key' }).authKeyPath).toBe('/etc/subdesk/auth-key');
    rmSync(dir, { recursive: true });
  });
});

describe('the account lock and its way out', () => {
  const lockOut = async (email: string, ip = '203.0.113.66') => {
    for (let i = 0; i < 5; i++) {
      await login(email, `attacker guess ${i}`, { ip });
      t.advance(31_000);
    }
  };

  it('keeps the lock against the right password, but an admin-issued one-time password gets the member in at once', async () => {
    const locked = await createMember(t, 'admin');
    const otherAdmin = await loginAs(t, 'admin');
    await lockOut(locked.email);
    const refused = await login(locked.email, locked.password, { ip: '198.51.100.30' });
    expect(refused.status).toBe(429);
    expect((await refused.json()).message).toMatch(/Too many failed sign-in attempts/);

    // Another admin sees who is locked, and until when.
    const list = await t.app.request(
      `/api/staff?filter=${encodeURIComponent(JSON.stringify({ locked: true, role: 'admin' }))}`,
      ...req('GET', { cookie: otherAdmin }),
    );
    const rows = await list.json();
    expect(rows.map((r: { email: string }) => r.email)).toEqual([locked.email]);
    expect(Date.parse(rows[0].lockedUntil)).toBeGreaterThan(t.deps.clock().getTime());

    const reset = await (await t.app.request(`/api/staff/${locked.id}/reset-password`, ...req('POST', { cookie: otherAdmin, body: {} }))).json();
    // The attacker keeps trying: the lock stays on, and their guesses get the locked answer.
    const guess = await login(locked.email, 'abcde-fghjk-mnpqr-stuvw', { ip: '203.0.113.66' });
    expect(guess.status).toBe(429);
    expect((await login(locked.email, locked.password, { ip: '198.51.100.30' })).status).toBe(429);

    const inAtOnce = await login(locked.email, reset.oneTimePassword, { ip: '198.51.100.30' });
    expect(inAtOnce.status).toBe(200);
    expect((await inAtOnce.json()).mustChangePassword).toBe(true);
    const entry = sqliteOf(t.deps).$client.prepare("SELECT after FROM audit_events WHERE action = 'auth.login.succeeded' ORDER BY seq DESC LIMIT 1").get() as {
      after: string;
    };
    expect(JSON.parse(entry.after)).toMatchObject({ accountLockLiftedBy: 'one-time password from an admin' });
    const after = await (await t.app.request(`/api/staff/${locked.id}`, ...req('GET', { cookie: otherAdmin }))).json();
    expect(after.lockedUntil).toBeNull();
  });

  it('counts wrong guesses at a pending one-time password against the address while the account is locked', async () => {
    const admin = await loginAs(t, 'admin');
    const created = await (
      await t.app.request('/api/staff', ...req('POST', { cookie: admin, body: { email: 'newcomer@example.com', role: 'support' } }))
    ).json();
    await lockOut('newcomer@example.com', '203.0.113.70');
    for (let i = 0; i < 15; i++) expect((await login('newcomer@example.com', `guess-${i}`, { ip: '203.0.113.70' })).status).toBe(429);
    // The address that guessed 20 times in all (5 + 15) is itself locked now, even with the right one-time password.
    expect((await login('newcomer@example.com', created.oneTimePassword, { ip: '203.0.113.70' })).status).toBe(429);
    expect((await login('newcomer@example.com', created.oneTimePassword, { ip: '198.51.100.31' })).status).toBe(200);
  }, 90_000); // many full-cost scrypt checks: slow on a busy 2-core machine
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMember, loginAs, sessionCookie, sessionFromResponse, startAuthTestApp, type AuthTestApp } from './helpers/auth.ts';
import { loadConfig } from '../server/config.ts';
import { endSessionsWithoutRequiredFactor } from '../server/auth/startup.ts';
import { call, enrolTotpAtSignIn, pendingFromResponse, totpCode } from './helpers/second-factor.ts';
import { sqliteOf } from './helpers/engines.ts';

/** The product's default: admins and auditors must have a second factor (checked in 'the default' below). */
const DEFAULT_REQUIREMENT = { REQUIRE_SECOND_FACTOR: 'admin,auditor' };

let t: AuthTestApp;
beforeEach(() => {
  t = startAuthTestApp(DEFAULT_REQUIREMENT);
});
afterEach(() => t.close());

const login = (email: string, password: string, ip = '192.0.2.50') => call(t, 'POST', '/auth/login', { body: { email, password }, ip });
const secondStep = (pending: string, body: unknown, ip = '192.0.2.50') => call(t, 'POST', '/auth/second-factor', { cookie: pending, body, ip });
const auditRows = () =>
  sqliteOf(t.deps).$client.prepare('SELECT action, outcome, actor_email, target_id, request, after, error FROM audit_events ORDER BY seq').all() as {
    action: string;
    outcome: string;
    actor_email: string | null;
    target_id: string | null;
    request: string | null;
    after: string | null;
    error: string | null;
  }[];
const actions = (prefix: string) =>
  auditRows()
    .filter((e) => e.action.startsWith(prefix))
    .map((e) => `${e.action}:${e.outcome}`);

describe('enrolment an admin or auditor must make', () => {
  it('is the default: REQUIRE_SECOND_FACTOR unset means admins and auditors; all, none or a list of roles otherwise', () => {
    expect(loadConfig({}).REQUIRE_SECOND_FACTOR).toEqual(['admin', 'auditor']);
    expect(loadConfig({ REQUIRE_SECOND_FACTOR: 'all' }).REQUIRE_SECOND_FACTOR).toEqual(['support', 'merchandiser', 'auditor', 'admin']);
    expect(loadConfig({ REQUIRE_SECOND_FACTOR: 'none' }).REQUIRE_SECOND_FACTOR).toEqual([]);
    expect(loadConfig({ REQUIRE_SECOND_FACTOR: 'admin, support' }).REQUIRE_SECOND_FACTOR).toEqual(['admin', 'support']);
    expect(() => loadConfig({ REQUIRE_SECOND_FACTOR: 'admins' })).toThrow(/REQUIRE_SECOND_FACTOR: must be all, none, or roles/);
  });

  it('asks an admin without a second factor to enrol at sign-in; nothing else is reachable before, and no session exists', async () => {
    const admin = await createMember(t, 'admin');
    const res = await login(admin.email, admin.password);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ step: 'enrol', methods: ['passkey', 'totp'], passkeyOrigin: 'http://localhost:8080' });
    expect(sessionFromResponse(res)).toBeUndefined();
    const pending = pendingFromResponse(res)!;
    expect(res.headers.getSetCookie().join('\n')).toMatch(/subdesk_sign_in=[^;]+;.*HttpOnly.*SameSite=Strict/s);
    // The pending sign-in is not a session: every other route refuses it.
    for (const path of ['/auth/me', '/staff', '/sign-in-methods', '/audit-events']) expect((await call(t, 'GET', path, { cookie: pending })).status).toBe(401);
    // Nor is it good for the second step of someone with a factor.
    expect((await secondStep(pending, { method: 'totp', code: '123456' })).status).toBe(401);

    const { secret, uri } = await (await call(t, 'POST', '/auth/enrol/totp', { cookie: pending })).json();
    expect(uri).toMatch(new RegExp(`^otpauth://totp/.*${encodeURIComponent(admin.email)}.*secret=${secret}`));
    const wrong = await call(t, 'POST', '/auth/enrol', { cookie: pending, body: { method: 'totp', code: '000000' } });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).errors).toEqual({ code: 'is not right' });
    const done = await call(t, 'POST', '/auth/enrol', { cookie: pending, body: { method: 'totp', code: totpCode(t, secret), label: 'Work phone' } });
    expect(done.status).toBe(200);
    const body = await done.json();
    expect(body).toMatchObject({ id: admin.id, role: 'admin' });
    expect(body.recoveryCodes).toHaveLength(10);
    expect(new Set(body.recoveryCodes).size).toBe(10);
    for (const code of body.recoveryCodes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    const cookie = sessionFromResponse(done)!;
    expect((await call(t, 'GET', '/staff', { cookie })).status).toBe(200);
    // The pending sign-in is spent.
    expect((await call(t, 'POST', '/auth/enrol/totp', { cookie: pending })).status).toBe(401);

    const stored = JSON.stringify(sqliteOf(t.deps).$client.prepare('SELECT * FROM staff_second_factors').all());
    expect(stored).not.toContain(secret);
    const everyEntry = JSON.stringify(auditRows());
    expect(everyEntry).not.toContain(secret);
    for (const code of body.recoveryCodes)
      expect(everyEntry + JSON.stringify(sqliteOf(t.deps).$client.prepare('SELECT * FROM staff_recovery_codes').all())).not.toContain(code);
    expect(actions('auth.secondFactor')).toEqual(['auth.secondFactor.enrolled:failed', 'auth.secondFactor.enrolled:succeeded']);
    const enrolled = auditRows().find((e) => e.action === 'auth.secondFactor.enrolled' && e.outcome === 'succeeded')!;
    expect(JSON.parse(enrolled.after!)).toMatchObject({ kind: 'totp', label: 'Work phone', recoveryCodesIssued: 10 });
    expect(enrolled.actor_email).toBe(admin.email);
  });

  it('ends at start the sessions of members whose role requires a factor they do not have yet', async () => {
    const admin = await createMember(t, 'admin');
    const enrolled = await createMember(t, 'auditor');
    const support = await createMember(t, 'support');
    const [adminCookie, supportCookie] = [await sessionCookie(t, admin), await sessionCookie(t, support)];
    const { cookie: enrolledCookie } = await enrolTotpAtSignIn(t, enrolled.email, enrolled.password);
    expect(await endSessionsWithoutRequiredFactor(t.deps)).toBe(1);
    expect((await call(t, 'GET', '/auth/me', { cookie: adminCookie })).status).toBe(401);
    for (const cookie of [supportCookie, enrolledCookie]) expect((await call(t, 'GET', '/auth/me', { cookie })).status).toBe(200);
    expect(
      auditRows()
        .filter((e) => e.action === 'staff.sessions.end')
        .map((e) => e.target_id),
    ).toEqual([String(admin.id)]);
  });

  it('applies to auditors too, not to support unless REQUIRE_SECOND_FACTOR says so', async () => {
    const auditor = await createMember(t, 'auditor');
    expect((await (await login(auditor.email, auditor.password)).json()).step).toBe('enrol');
    const support = await createMember(t, 'support');
    expect((await login(support.email, support.password)).status).toBe(200);
    expect(sessionFromResponse(await login(support.email, support.password))).toBeDefined();

    const everyone = startAuthTestApp({ REQUIRE_SECOND_FACTOR: 'all' });
    const agent = await createMember(everyone, 'support');
    const res = await call(everyone, 'POST', '/auth/login', { body: { email: agent.email, password: agent.password } });
    expect((await res.json()).step).toBe('enrol');
    everyone.close();

    const nobody = startAuthTestApp({ REQUIRE_SECOND_FACTOR: 'none' });
    const boss = await createMember(nobody, 'admin');
    expect(sessionFromResponse(await call(nobody, 'POST', '/auth/login', { body: { email: boss.email, password: boss.password } }))).toBeDefined();
    nobody.close();
  });
});

describe('the second step', () => {
  it('signs in with a TOTP code computed now, never the same code twice, and audits each try without the code', async () => {
    const admin = await createMember(t, 'admin');
    const { secret } = await enrolTotpAtSignIn(t, admin.email, admin.password);
    t.advance(60_000);

    const first = await login(admin.email, admin.password);
    expect(await first.json()).toEqual({ step: 'secondFactor', methods: ['totp', 'recovery'], passkeyOrigin: 'http://localhost:8080' });
    expect(sessionFromResponse(first)).toBeUndefined();
    const pending = pendingFromResponse(first)!;
    const wrong = await secondStep(pending, { method: 'totp', code: '000000' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ code: 'wrongSecondFactor', errors: { code: 'is not right' } });
    const code = totpCode(t, secret);
    const ok = await secondStep(pending, { method: 'totp', code });
    expect(ok.status).toBe(200);
    expect((await ok.json()).id).toBe(admin.id);
    expect((await call(t, 'GET', '/auth/me', { cookie: sessionFromResponse(ok) })).status).toBe(200);
    expect(ok.headers.getSetCookie().join('\n')).toMatch(/subdesk_sign_in=;.*Max-Age=0/);

    // The same code again, within its 30 seconds: refused (a code seen over a shoulder is spent).
    const again = pendingFromResponse(await login(admin.email, admin.password))!;
    expect((await secondStep(again, { method: 'totp', code })).status).toBe(401);
    t.advance(30_000);
    expect((await secondStep(again, { method: 'totp', code: totpCode(t, secret) })).status).toBe(200);

    expect(actions('auth.')).toEqual([
      'auth.secondFactor.enrolled:succeeded',
      'auth.login.succeeded:succeeded',
      'auth.secondFactor.failed:failed',
      'auth.login.succeeded:succeeded',
      'auth.secondFactor.failed:failed',
      'auth.login.succeeded:succeeded',
    ]);
    const success = auditRows()
      .filter((e) => e.action === 'auth.login.succeeded')
      .at(-1)!;
    expect(JSON.parse(success.after!)).toMatchObject({ secondFactor: 'totp', factorLabel: 'Test phone' });
    expect(JSON.stringify(auditRows())).not.toContain(code);
  });

  it('takes each recovery code once', async () => {
    const auditor = await createMember(t, 'auditor');
    const { recoveryCodes } = await enrolTotpAtSignIn(t, auditor.email, auditor.password);
    const pending = async () => pendingFromResponse(await login(auditor.email, auditor.password))!;
    const used = await secondStep(await pending(), { method: 'recovery', code: recoveryCodes[3]!.toUpperCase().replace('-', ' ') });
    expect(used.status).toBe(200);
    const reused = await secondStep(await pending(), { method: 'recovery', code: recoveryCodes[3]! });
    expect(reused.status).toBe(401);
    expect((await reused.json()).message).toMatch(/recovery code is not right, or it was used before/);
    expect((await secondStep(await pending(), { method: 'recovery', code: recoveryCodes[4]! })).status).toBe(200);
    const entries = auditRows().filter((e) => e.action === 'auth.recoveryCode.used');
    expect(entries.map((e) => JSON.parse(e.after!).recoveryCodesLeft)).toEqual([9, 8]);
    expect(JSON.stringify(auditRows())).not.toContain(recoveryCodes[3]!);
  });

  it('counts wrong codes like wrong passwords: five lock the account, and a right password in between does not wipe them', async () => {
    const admin = await createMember(t, 'admin');
    const { secret } = await enrolTotpAtSignIn(t, admin.email, admin.password);
    let pending = pendingFromResponse(await login(admin.email, admin.password, '198.51.100.60'))!;
    for (let i = 0; i < 2; i++) expect((await secondStep(pending, { method: 'totp', code: `00000${i}` }, '198.51.100.60')).status).toBe(401);
    // A fresh password step (right password) keeps those two failures.
    pending = pendingFromResponse(await login(admin.email, admin.password, '198.51.100.61'))!;
    const third = await secondStep(pending, { method: 'totp', code: '000002' }, '198.51.100.61');
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('10');
    t.advance(11_000);
    expect((await secondStep(pending, { method: 'totp', code: '000003' }, '198.51.100.61')).status).toBe(429);
    t.advance(31_000);
    const fifth = await secondStep(pending, { method: 'totp', code: '000004' }, '198.51.100.61');
    expect(fifth.status).toBe(429);
    expect((await fifth.json()).message).toMatch(/in 15 minutes/);
    // Locked now: the right code on that pending sign-in does not get in either.
    expect((await secondStep(pending, { method: 'totp', code: totpCode(t, secret) }, '198.51.100.61')).status).toBe(429);
    const failures = auditRows().filter((e) => e.action === 'auth.secondFactor.failed');
    expect(failures.length).toBeGreaterThanOrEqual(5);
    expect(failures.every((e) => e.target_id === String(admin.id))).toBe(true);
  });

  it('ends a pending sign-in after five wrong codes or ten minutes: the password is asked again', async () => {
    const t2 = startAuthTestApp(DEFAULT_REQUIREMENT);
    const admin = await createMember(t2, 'admin');
    const { secret } = await enrolTotpAtSignIn(t2, admin.email, admin.password);
    const res = await call(t2, 'POST', '/auth/login', { body: { email: admin.email, password: admin.password } });
    const pending = pendingFromResponse(res)!;
    t2.advance(10 * 60_000 + 1);
    const late = await call(t2, 'POST', '/auth/second-factor', { cookie: pending, body: { method: 'totp', code: totpCode(t2, secret) } });
    expect(late.status).toBe(401);
    expect((await late.json()).code).toBe('signInAgain');
    t2.close();
  });
});

describe('the account lock, lifted by a second factor', () => {
  const lockOut = async (email: string) => {
    for (let i = 0; i < 5; i++) {
      await login(email, `attacker guess ${i}`, '203.0.113.80');
      t.advance(31_000);
    }
  };

  it('lets the member in with the right password and their second factor while the lock stays on for guessers', async () => {
    const admin = await createMember(t, 'admin');
    const { secret } = await enrolTotpAtSignIn(t, admin.email, admin.password);
    await lockOut(admin.email);

    // Right or wrong password: the same locked answer, each with a pending sign-in.
    const wrongPassword = await login(admin.email, 'yet another guess', '203.0.113.81');
    const rightPassword = await login(admin.email, admin.password, '198.51.100.82');
    for (const res of [wrongPassword, rightPassword]) expect(res.status).toBe(429);
    const [a, b] = [await wrongPassword.json(), await rightPassword.json()];
    expect(a).toEqual(b);
    expect(a).toMatchObject({ code: 'accountLocked', step: 'secondFactor', methods: ['totp', 'recovery'] });
    expect(a.message).toMatch(/If the password is right, your passkey or authenticator app lets you in now/);

    // A guesser holding a right code but the wrong password learns nothing and stays out.
    const guesser = await secondStep(pendingFromResponse(wrongPassword)!, { method: 'totp', code: totpCode(t, secret) }, '203.0.113.81');
    expect(guesser.status).toBe(429);
    expect((await guesser.json()).message).toMatch(/still locked: the password or the second step was not right/);

    t.advance(30_000);
    const member = await secondStep(pendingFromResponse(rightPassword)!, { method: 'totp', code: totpCode(t, secret) }, '198.51.100.82');
    expect(member.status).toBe(200);
    const success = auditRows()
      .filter((e) => e.action === 'auth.login.succeeded')
      .at(-1)!;
    expect(JSON.parse(success.after!)).toMatchObject({ accountLockLiftedBy: 'password and second factor', secondFactor: 'totp' });
  });

  it('gives one try per password step, and a right password with wrong codes runs out of tries', async () => {
    const admin = await createMember(t, 'admin');
    await enrolTotpAtSignIn(t, admin.email, admin.password);
    await lockOut(admin.email);
    for (let i = 0; i < 5; i++) {
      const pending = pendingFromResponse(await login(admin.email, admin.password, '198.51.100.90'))!;
      expect((await secondStep(pending, { method: 'totp', code: `11111${i}` }, '198.51.100.90')).status).toBe(429);
      // One try: the same pending sign-in is spent.
      expect((await secondStep(pending, { method: 'totp', code: '222222' }, '198.51.100.90')).status).toBe(401);
    }
    // Five wrong codes with the right password: lifting is locked too (a guesser with the password gets no more tries).
    const last = pendingFromResponse(await login(admin.email, admin.password, '198.51.100.91'))!;
    const refused = await secondStep(last, { method: 'totp', code: '333333' }, '198.51.100.91');
    expect(refused.status).toBe(429);
    expect(
      auditRows()
        .filter((e) => e.action === 'auth.secondFactor.failed')
        .map((e) => JSON.parse(e.error!).reason)
        .at(-1),
    ).toBe('throttled');
  }, 90_000); // many full-cost scrypt checks: slow on a busy 2-core machine

  it('gives the one try to only one of two second steps sent at once with the same pending sign-in', async () => {
    const admin = await createMember(t, 'admin');
    await enrolTotpAtSignIn(t, admin.email, admin.password);
    await lockOut(admin.email);
    const pending = pendingFromResponse(await login(admin.email, admin.password, '198.51.100.95'))!;
    const answers = await Promise.all(['111111', '222222'].map((code) => secondStep(pending, { method: 'totp', code }, '198.51.100.95')));
    expect(answers.map((r) => r.status).sort()).toEqual([401, 429]);
  }, 90_000);
});

describe('an admin resets a member’s factors', () => {
  it('removes them with the recovery codes, ends the sessions, records it; the member enrols again at next sign-in', async () => {
    const auditor = await createMember(t, 'auditor');
    const { cookie, recoveryCodes } = await enrolTotpAtSignIn(t, auditor.email, auditor.password);
    const admin = await loginAs(t, 'admin');
    const before = await (await call(t, 'GET', `/staff/${auditor.id}`, { cookie: admin })).json();
    expect(before).toMatchObject({ secondFactors: ['totp'], secondFactorRequired: true });

    const reset = await call(t, 'POST', `/staff/${auditor.id}/reset-second-factors`, { cookie: admin });
    expect(reset.status).toBe(200);
    expect(await reset.json()).toMatchObject({ secondFactors: [], factorsRemoved: 1, activeSessions: 0 });
    expect((await call(t, 'GET', '/auth/me', { cookie })).status).toBe(401);
    expect(sqliteOf(t.deps).$client.prepare('SELECT count(*) AS n FROM staff_recovery_codes').get()).toEqual({ n: 0 });

    const next = await login(auditor.email, auditor.password);
    expect((await next.json()).step).toBe('enrol');
    expect((await secondStep(pendingFromResponse(next)!, { method: 'recovery', code: recoveryCodes[0]! })).status).toBe(401);

    const entry = auditRows().find((e) => e.action === 'staff.secondFactors.reset')!;
    expect(entry.target_id).toBe(String(auditor.id));
    expect(JSON.parse(entry.after!)).toMatchObject({ factorsRemoved: 1, sessionsEnded: 1, enrolAtNextSignIn: true });
  });

  it('is for admins only', async () => {
    const member = await createMember(t, 'support');
    const auditor = await loginAs(t, 'auditor');
    expect((await call(t, 'POST', `/staff/${member.id}/reset-second-factors`, { cookie: auditor })).status).toBe(403);
  });
});

describe('the Security page’s own routes', () => {
  it('lists, adds an authenticator app, replaces the recovery codes and removes with the password re-checked', async () => {
    const member = await createMember(t, 'support');
    const cookie = await sessionCookie(t, member);
    const empty = await (await call(t, 'GET', '/sign-in-methods', { cookie })).json();
    expect(empty).toEqual({ factors: [], recoveryCodesLeft: 0, required: false, passkeyOrigin: 'http://localhost:8080' });
    expect((await call(t, 'POST', '/sign-in-methods/recovery-codes', { cookie, body: { password: member.password } })).status).toBe(409);

    const { secret } = await (await call(t, 'POST', '/sign-in-methods/totp', { cookie })).json();
    const added = await call(t, 'POST', '/sign-in-methods/totp/confirm', { cookie, body: { code: totpCode(t, secret), label: 'Pixel' } });
    expect(added.status).toBe(201);
    const { factor, recoveryCodes } = await added.json();
    expect(factor).toMatchObject({ kind: 'totp', label: 'Pixel' });
    expect(recoveryCodes).toHaveLength(10);

    const wrongPassword = await call(t, 'POST', '/sign-in-methods/recovery-codes', { cookie, body: { password: 'not mine' } });
    expect(wrongPassword.status).toBe(400);
    expect((await wrongPassword.json()).errors).toEqual({ password: 'is not right' });
    const fresh = await (await call(t, 'POST', '/sign-in-methods/recovery-codes', { cookie, body: { password: member.password } })).json();
    expect(fresh.recoveryCodes).toHaveLength(10);
    expect(fresh.recoveryCodes).not.toContain(recoveryCodes[0]);

    // From now on, this support member's sign-in asks for the app too.
    expect((await (await login(member.email, member.password)).json()).step).toBe('secondFactor');

    expect((await call(t, 'POST', `/sign-in-methods/${factor.id}/remove`, { cookie, body: { password: 'not mine' } })).status).toBe(400);
    expect((await call(t, 'POST', `/sign-in-methods/${factor.id}/remove`, { cookie, body: { password: member.password } })).status).toBe(200);
    expect(await (await call(t, 'GET', '/sign-in-methods', { cookie })).json()).toMatchObject({ factors: [], recoveryCodesLeft: 0 });
    expect(actions('auth.')).toEqual([
      'auth.secondFactor.enrolled:succeeded',
      'auth.recoveryCodes.generated:failed',
      'auth.recoveryCodes.generated:succeeded',
      'auth.secondFactor.removed:failed',
      'auth.secondFactor.removed:succeeded',
    ]);
  });

  it('keeps the last factor of a role that requires one, and reaches only the caller’s own factors', async () => {
    const admin = await createMember(t, 'admin');
    const { cookie } = await enrolTotpAtSignIn(t, admin.email, admin.password);
    const [factor] = (await (await call(t, 'GET', '/sign-in-methods', { cookie })).json()).factors;
    const kept = await call(t, 'POST', `/sign-in-methods/${factor.id}/remove`, { cookie, body: { password: admin.password } });
    expect(kept.status).toBe(409);
    expect((await kept.json()).message).toMatch(/must keep a second factor/);

    const other = await createMember(t, 'support');
    const otherCookie = await sessionCookie(t, other);
    expect((await call(t, 'POST', `/sign-in-methods/${factor.id}/remove`, { cookie: otherCookie, body: { password: other.password } })).status).toBe(404);
  });
});

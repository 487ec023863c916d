import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMember, loginAs, req, sessionCookie, sessionFromResponse, startAuthTestApp, type AuthTestApp, TEST_STAFF_PASSWORD } from './helpers/auth.ts';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS, TOUCH_EVERY_MS } from '../server/auth/sessions.ts';
import { SESSION_ENDS_IN_HEADER, SESSION_EXPIRES_IN_HEADER } from '../server/auth/session-timing.ts';
import { hashSessionToken } from '../server/auth/tokens.ts';
import { sqliteOf } from './helpers/engines.ts';

let t: AuthTestApp;
beforeEach(() => {
  t = startAuthTestApp();
});
afterEach(() => t.close());

const login = (email: string, password: string, opts: { ip?: string; cookie?: string } = {}) =>
  t.app.request('/api/auth/login', ...req('POST', { body: { email, password }, ...opts }));
const me = (cookie: string) => t.app.request('/api/auth/me', ...req('GET', { cookie }));
const audit = () =>
  sqliteOf(t.deps)
    .$client.prepare('SELECT action, outcome, actor_type, actor_email, actor_id, target_id, request, error FROM audit_events ORDER BY seq')
    .all() as {
    action: string;
    outcome: string;
    actor_type: string;
    actor_email: string | null;
    actor_id: string | null;
    target_id: string | null;
    request: string | null;
    error: string | null;
  }[];

describe('signing in and out', () => {
  it('signs in with a session cookie (httpOnly, SameSite=Strict, Path=/), answers me, signs out', async () => {
    const m = await createMember(t, 'support');
    const res = await login(m.email.toUpperCase() + '  ', m.password);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: m.id, email: m.email, role: 'support', mustChangePassword: false });
    const setCookie = res.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/^subdesk_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/);
    const cookie = sessionFromResponse(res)!;

    // Only the token's hash is stored.
    const token = cookie.split('=')[1]!;
    const stored = sqliteOf(t.deps).$client.prepare('SELECT token_hash FROM staff_sessions').all() as { token_hash: string }[];
    expect(stored.map((s) => s.token_hash)).toEqual([hashSessionToken(token)]);

    expect((await me(cookie)).status).toBe(200);
    const out = await t.app.request('/api/auth/logout', ...req('POST', { cookie }));
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().join()).toMatch(/subdesk_session=;.*Max-Age=0/);
    expect((await me(cookie)).status).toBe(401);
    // The signed-out request's refusal is folded into its address's window, written when it ends.
    expect(audit().map((e) => `${e.action}:${e.outcome}`)).toEqual(['auth.login.succeeded:succeeded', 'auth.logout:succeeded']);
    t.deps.auditWindows.close();
    expect(audit().map((e) => `${e.action}:${e.outcome}`)).toEqual(['auth.login.succeeded:succeeded', 'auth.logout:succeeded', 'access.denied:denied']);
  });

  it('uses the __Host- prefix and Secure when served over https', async () => {
    const https = startAuthTestApp({ PUBLIC_URL: 'https://subdesk.example.com' });
    const m = await createMember(https, 'auditor');
    const res = await https.app.request('/api/auth/login', ...req('POST', { body: { email: m.email, password: m.password } }));
    const setCookie = res.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/^__Host-subdesk_session=/);
    expect(setCookie).toMatch(/Secure/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Domain=/);
    expect((await https.app.request('/api/auth/me', ...req('GET', { cookie: sessionFromResponse(res) }))).status).toBe(200);
    https.close();
  });

  it('answers a wrong e-mail and a wrong password identically, and audits both', async () => {
    const m = await createMember(t, 'support');
    const wrongPassword = await login(m.email, 'not the password at all', { ip: '198.51.100.1' });
    const wrongEmail = await login('nobody@example.com', 'not the password at all', { ip: '198.51.100.2' });
    expect(wrongPassword.status).toBe(401);
    expect(wrongEmail.status).toBe(401);
    expect(await wrongPassword.json()).toEqual(await wrongEmail.json());
    expect(wrongPassword.headers.getSetCookie()).toEqual([]);
    const entries = audit();
    expect(entries.map((e) => [e.action, e.outcome, e.actor_email, e.target_id])).toEqual([
      ['auth.login.failed', 'failed', m.email, String(m.id)],
      // An address no member has is kept only as a keyed hash and its domain (test/auth-hardening.test.ts).
      ['auth.login.failed', 'failed', null, null],
    ]);
    expect(entries.every((e) => !e.request?.includes('not the password'))).toBe(true);
  });

  it('takes about as long for an unknown e-mail as for a wrong password', async () => {
    const m = await createMember(t, 'support');
    await login('warm@example.com', 'warm up the dummy hash', { ip: '198.51.100.9' });
    const time = async (email: string, ip: string) => {
      const started = performance.now();
      await login(email, 'wrong password here', { ip });
      return performance.now() - started;
    };
    const known = await time(m.email, '198.51.100.3');
    const unknown = await time('nobody@example.com', '198.51.100.4');
    // Both run one full-cost scrypt (~0.3 s); without the dummy hash the unknown one would take
    // ~1 ms. Bounds are loose: a busy machine adds noise, not a 100-fold difference.
    expect(unknown).toBeGreaterThan(known * 0.3);
    expect(unknown).toBeLessThan(known * 3);
  });

  it('refuses a disabled member even with the right password', async () => {
    const m = await createMember(t, 'support', { disabled: true });
    const res = await login(m.email, m.password);
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe('accountDisabled');
  });

  it('validates the body strictly', async () => {
    const res = await t.app.request('/api/auth/login', ...req('POST', { body: { email: 'a@b.c', password: 'x', remember: true } }));
    expect(res.status).toBe(400);
    expect((await res.json()).errors).toEqual({ remember: 'is not a known field' });
  });
});

describe('session fixation and expiry', () => {
  it('issues a new token at every sign-in and ends the session the browser brought', async () => {
    const m = await createMember(t, 'support');
    const first = sessionFromResponse(await login(m.email, m.password))!;
    const second = sessionFromResponse(await login(m.email, m.password, { cookie: first }))!;
    expect(second).not.toBe(first);
    expect((await me(first)).status).toBe(401);
    expect((await me(second)).status).toBe(200);
  });

  it('ignores a token the server never issued', async () => {
    expect((await me('subdesk_session=attacker-chosen-value')).status).toBe(401);
  });

  it('ends a session after 30 minutes idle', async () => {
    const m = await createMember(t, 'support');
    const cookie = await sessionCookie(t, m);
    t.advance(IDLE_TIMEOUT_MS - 1000);
    expect((await me(cookie)).status).toBe(200); // activity resets the idle timer
    t.advance(IDLE_TIMEOUT_MS - 1000);
    expect((await me(cookie)).status).toBe(200);
    t.advance(IDLE_TIMEOUT_MS + 1000);
    expect((await me(cookie)).status).toBe(401);
    expect(sqliteOf(t.deps).$client.prepare('SELECT count(*) AS n FROM staff_sessions').get()).toEqual({ n: 0 });
  });

  it('ends a session 12 hours after sign-in however active it is', async () => {
    const m = await createMember(t, 'support');
    const cookie = await sessionCookie(t, m);
    const step = IDLE_TIMEOUT_MS / 2;
    let elapsed = 0;
    while (elapsed + step <= ABSOLUTE_TIMEOUT_MS - 10 * 60_000) {
      t.advance(step);
      elapsed += step;
      expect((await me(cookie)).status).toBe(200);
    }
    // 20 more minutes: not idle long enough to expire, but past 12 hours in all.
    t.advance(20 * 60_000);
    expect((await me(cookie)).status).toBe(401);
  });

  it('tells the SPA how long the session has left, from the last time it was seen', async () => {
    const m = await createMember(t, 'support');
    const cookie = await sessionCookie(t, m);
    const left = (res: Response) => [Number(res.headers.get(SESSION_EXPIRES_IN_HEADER)), Number(res.headers.get(SESSION_ENDS_IN_HEADER))];
    expect(left(await me(cookie))).toEqual([IDLE_TIMEOUT_MS / 1000, ABSOLUTE_TIMEOUT_MS / 1000]);
    // Within the 30 s that last-seen is not rewritten, the idle end does not move: the header says so.
    t.advance(10_000);
    expect(left(await me(cookie))).toEqual([IDLE_TIMEOUT_MS / 1000 - 10, ABSOLUTE_TIMEOUT_MS / 1000 - 10]);
    t.advance(TOUCH_EVERY_MS);
    expect(left(await me(cookie))).toEqual([IDLE_TIMEOUT_MS / 1000, ABSOLUTE_TIMEOUT_MS / 1000 - 40]);
    // Kept busy until a minute before the 12-hour limit: the absolute end comes first.
    let untilEnd = ABSOLUTE_TIMEOUT_MS - 40_000;
    while (untilEnd - IDLE_TIMEOUT_MS / 2 > 60_000) {
      t.advance(IDLE_TIMEOUT_MS / 2);
      untilEnd -= IDLE_TIMEOUT_MS / 2;
      expect((await me(cookie)).status).toBe(200);
    }
    t.advance(untilEnd - 60_000);
    expect(left(await me(cookie))).toEqual([60, 60]);
    // Any answer carries it (a list, not only me); without a session, none.
    expect((await t.app.request('/api/staff', ...req('GET', { cookie }))).headers.get(SESSION_EXPIRES_IN_HEADER)).not.toBeNull();
    t.advance(61_000);
    const ended = await me(cookie);
    expect(ended.status).toBe(401);
    expect(ended.headers.get(SESSION_EXPIRES_IN_HEADER)).toBeNull();
  });

  it('writes last-seen at most every 30 seconds', async () => {
    const m = await createMember(t, 'support');
    const cookie = await sessionCookie(t, m);
    const lastSeen = () => (sqliteOf(t.deps).$client.prepare('SELECT last_seen_at AS v FROM staff_sessions').get() as { v: number }).v;
    const start = lastSeen();
    t.advance(TOUCH_EVERY_MS - 1000);
    await me(cookie);
    expect(lastSeen()).toBe(start);
    t.advance(2000);
    await me(cookie);
    expect(lastSeen()).toBe(start + TOUCH_EVERY_MS + 1000);
  });
});

describe('throttling', () => {
  it('slows down, then locks the account with a message and Retry-After, and releases it after 15 minutes', { timeout: 60_000 }, async () => {
    const m = await createMember(t, 'support');
    const statuses: number[] = [];
    // Different addresses: only the account counter is at work.
    const attempt = async (i: number, password = 'wrong password number') => {
      const res = await login(m.email, password, { ip: `203.0.113.${i}` });
      statuses.push(res.status);
      return res;
    };
    await attempt(1);
    await attempt(2);
    const third = await attempt(3);
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('10');
    expect((await third.json()).message).toMatch(/not right.*Try again in 10 seconds/);
    // During the wait, even the right password is refused without being checked.
    expect((await attempt(4, m.password)).status).toBe(429);
    t.advance(10_000);
    expect((await attempt(5)).headers.get('retry-after')).toBe('30');
    t.advance(30_000);
    const fifth = await attempt(6);
    expect(fifth.status).toBe(429);
    expect(fifth.headers.get('retry-after')).toBe('900');
    expect((await fifth.json()).message).toMatch(/in 15 minutes/);
    t.advance(14 * 60_000);
    const stillLocked = await attempt(7, m.password);
    expect(stillLocked.status).toBe(429);
    expect(Number(stillLocked.headers.get('retry-after'))).toBe(60);
    t.advance(60_000);
    expect((await attempt(8, m.password)).status).toBe(200);
    // A success starts the account afresh.
    expect((await attempt(9)).status).toBe(401);
    const failures = audit().filter((e) => e.action === 'auth.login.failed');
    expect(failures.length).toBe(8);
    expect(failures.filter((e) => e.error?.includes('throttled')).length).toBe(2);
  });

  it('locks an address that sprays many accounts', async () => {
    const ip = '198.51.100.77';
    const first = await Promise.all(Array.from({ length: 19 }, (_, i) => login(`user${i}@example.com`, 'a wrong password', { ip })));
    expect(first.map((r) => r.status)).toEqual(Array(19).fill(401));
    const twentieth = await login('user19@example.com', 'a wrong password', { ip });
    expect(twentieth.status).toBe(429);
    const m = await createMember(t, 'support');
    expect((await login(m.email, m.password, { ip })).status).toBe(429);
    expect((await login(m.email, m.password, { ip: '198.51.100.78' })).status).toBe(200);
  }, 90_000);

  it('counts the client behind TRUSTED_PROXIES by what the proxy saw, and ignores X-Forwarded-For without them', async () => {
    const lastIp = () =>
      (sqliteOf(t.deps).$client.prepare("SELECT ip FROM audit_events WHERE action = 'auth.login.failed' ORDER BY seq DESC LIMIT 1").get() as { ip: string }).ip;
    let n = 0;
    const viaProxy = (app: AuthTestApp, forwarded: string) =>
      app.app.request(
        '/api/auth/login',
        ...req('POST', {
          body: { email: `nobody${n++}@example.com`, password: 'a wrong password' },
          ip: '10.0.0.2',
          headers: { 'x-forwarded-for': forwarded },
        }),
      );
    await viaProxy(t, '203.0.113.9');
    expect(lastIp()).toBe('10.0.0.2'); // no proxy trusted: the header is the client's claim
    t.close();
    t = startAuthTestApp({ TRUSTED_PROXIES: '1' });
    await viaProxy(t, '198.51.100.1, 203.0.113.9'); // a spoofed entry, then what the proxy appended
    expect(lastIp()).toBe('203.0.113.9');
    // The per-address lock follows that address, whatever the client writes in front of it.
    for (let i = 0; i < 19; i++) await viaProxy(t, `192.0.2.${i}, 203.0.113.9`);
    expect((await viaProxy(t, '192.0.2.200, 203.0.113.9')).status).toBe(429);
    expect((await viaProxy(t, '192.0.2.200, 203.0.113.10')).status).toBe(401);
  }, 90_000);

  it('holds under parallel guessing: at most 5 guesses are ever checked', async () => {
    const m = await createMember(t, 'support');
    const guesses = Array.from({ length: 12 }, (_, i) => login(m.email, `parallel guess ${i}`, { ip: `203.0.113.${50 + i}` }));
    const results = await Promise.all(guesses);
    const checked = audit().filter((e) => e.action === 'auth.login.failed' && !e.error?.includes('throttled'));
    expect(checked.length).toBeLessThanOrEqual(5);
    expect(results.every((r) => r.status === 401 || r.status === 429)).toBe(true);
    expect((await login(m.email, m.password, { ip: '203.0.113.99' })).status).toBe(429);
  });
});

describe('choosing a password', () => {
  it('makes a member with a one-time password choose their own before anything else', async () => {
    const admin = await loginAs(t, 'admin');
    const created = await (
      await t.app.request('/api/staff', ...req('POST', { cookie: admin, body: { email: 'new.agent@example.com', role: 'support' } }))
    ).json();
    const res = await login('new.agent@example.com', created.oneTimePassword);
    expect(res.status).toBe(200);
    expect((await res.json()).mustChangePassword).toBe(true);
    const cookie = sessionFromResponse(res)!;

    const blocked = await t.app.request('/api/staff', ...req('GET', { cookie }));
    expect(blocked.status).toBe(403);
    expect((await blocked.json()).code).toBe('passwordChangeRequired');

    const change = (body: unknown, c = cookie) => t.app.request('/api/auth/password', ...req('POST', { cookie: c, body }));
    const tooCommon = await change({ currentPassword: created.oneTimePassword, newPassword: 'password1234' });
    expect(tooCommon.status).toBe(400);
    expect((await tooCommon.json()).errors.newPassword).toMatch(/common/);
    const wrongCurrent = await change({ currentPassword: 'not the one-time one', newPassword: 'plum orbit kettle seven' });
    expect(wrongCurrent.status).toBe(400);
    expect((await wrongCurrent.json()).errors.currentPassword).toBeDefined();

    const ok = await change({ currentPassword: created.oneTimePassword, newPassword: 'plum orbit kettle seven' });
    expect(ok.status).toBe(200);
    expect((await ok.json()).mustChangePassword).toBe(false);
    const rotated = sessionFromResponse(ok)!;
    expect(rotated).not.toBe(cookie);
    expect((await me(cookie)).status).toBe(401);
    expect((await me(rotated)).status).toBe(200);
    expect((await login('new.agent@example.com', created.oneTimePassword)).status).toBe(401);
    expect((await login('new.agent@example.com', 'plum orbit kettle seven')).status).toBe(200);
    const changed = audit()
      .filter((e) => e.action === 'auth.password.changed')
      .map((e) => e.outcome);
    expect(changed).toEqual(['failed', 'succeeded']);
  });

  it('lets a member change their own password any time with the current one', async () => {
    const m = await createMember(t, 'auditor');
    const cookie = await sessionCookie(t, m);
    const res = await t.app.request(
      '/api/auth/password',
      ...req('POST', { cookie, body: { currentPassword: TEST_STAFF_PASSWORD, newPassword: 'another fine sentence' } }),
    );
    expect(res.status).toBe(200);
  });
});

describe('config for the login page', () => {
  it('says whether the sandbox is on, without a session', async () => {
    const res = await t.app.request('/api/auth/config');
    expect(await res.json()).toEqual({ sandbox: true, systems: { gigs: true, centra: true } });
    const real = startAuthTestApp({
      GIGS_API_URL: 'https://api.gigs.example',
      GIGS_PROJECT: 'shop',
      GIGS_API_KEY: 'k',
      CENTRA_SHOP_API_URL: 'https://c.example/shop',
      CENTRA_ORDER_API_URL: 'https://c.example/order',
      CENTRA_API_KEY: 'k',
      CENTRA_INTEGRATION_API_URL: 'https://c.example/gql',
      CENTRA_INTEGRATION_API_TOKEN: 't',
    });
    expect(await (await real.app.request('/api/auth/config')).json()).toEqual({ sandbox: false, systems: { gigs: true, centra: true } });
    real.close();
  });
});

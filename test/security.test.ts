import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loginAs, req, startAuthTestApp, type AuthTestApp } from './helpers/auth.ts';
import { sqliteOf } from './helpers/engines.ts';

let t: AuthTestApp;
let spaDir: string;
let cookie: string;
beforeAll(async () => {
  spaDir = mkdtempSync(join(tmpdir(), 'subdesk-spa-'));
  writeFileSync(join(spaDir, 'index.html'), '<!doctype html><title>subdesk</title><div id="root"></div>');
  t = startAuthTestApp({ PUBLIC_URL: 'https://subdesk.example.com' }, { staticRoot: spaDir });
  cookie = await loginAs(t, 'admin');
});
afterAll(() => {
  t.close();
  rmSync(spaDir, { recursive: true, force: true });
});

function expectSecurityHeaders(res: Response) {
  const hsts = res.headers.get('strict-transport-security') ?? '';
  expect(Number(/max-age=(\d+)/.exec(hsts)?.[1])).toBeGreaterThanOrEqual(31_536_000);
  const csp = res.headers.get('content-security-policy') ?? '';
  for (const directive of ["script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "default-src 'self'"])
    expect(csp).toContain(directive);
  expect(csp).not.toMatch(/script-src[^;]*unsafe/);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('x-powered-by')).toBeNull();
  const permissions = res.headers.get('permissions-policy') ?? '';
  for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb', 'serial', 'bluetooth', 'hid', 'display-capture'])
    expect(permissions).toContain(`${feature}=()`);
  // What subdesk does use stays at the browser's default (this origin): Copy link, passkeys.
  expect(permissions).not.toMatch(/clipboard-write|publickey-credentials/);
}

describe('security headers', () => {
  it('are on API answers, errors included', async () => {
    expectSecurityHeaders(await t.app.request('/api/auth/config'));
    expectSecurityHeaders(await t.app.request('/api/staff'));
    expectSecurityHeaders(await t.app.request('/api/no-such-route'));
  });

  it('are on the SPA and its deep links', async () => {
    const index = await t.app.request('/');
    expect(index.status).toBe(200);
    expectSecurityHeaders(index);
    const deep = await t.app.request('/staff/3');
    expect(await deep.text()).toContain('<div id="root">');
    expectSecurityHeaders(deep);
  });
});

describe('HSTS', () => {
  it('is sent only when PUBLIC_URL is https', async () => {
    const plain = startAuthTestApp({ PUBLIC_URL: 'http://desk.internal:8080' }, { staticRoot: spaDir });
    for (const path of ['/api/auth/config', '/']) {
      const res = await plain.app.request(path);
      expect(res.headers.get('strict-transport-security'), path).toBeNull();
      expect(res.headers.get('content-security-policy'), path).toContain("default-src 'self'");
    }
    plain.close();
    expect((await t.app.request('/')).headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });
});

describe('Cache-Control: no-store', () => {
  it("is on every API answer: data, refusals, errors, unknown routes; not on the SPA's files", async () => {
    const answers = {
      me: await t.app.request('/api/auth/me', ...req('GET', { cookie })),
      staff: await t.app.request('/api/staff', ...req('GET', { cookie })),
      signedOut: await t.app.request('/api/staff'),
      badInput: await t.app.request('/api/staff?range=oops', ...req('GET', { cookie })),
      crossOrigin: await t.app.request('/api/auth/logout', ...req('POST', { cookie, body: '{}', headers: { origin: 'https://evil.example' } })),
      unknown: await t.app.request('/api/no-such-route', ...req('GET', { cookie })),
    };
    expect(Object.fromEntries(Object.entries(answers).map(([k, r]) => [k, [r.status, r.headers.get('cache-control')]]))).toEqual({
      me: [200, 'no-store'],
      staff: [200, 'no-store'],
      signedOut: [401, 'no-store'],
      badInput: [400, 'no-store'],
      crossOrigin: [403, 'no-store'],
      unknown: [404, 'no-store'],
    });
    expect((await t.app.request('/')).headers.get('cache-control')).not.toBe('no-store');
  });
});

describe('write guard', () => {
  const write = (headers: Record<string, string>, body: string = '{}') =>
    t.app.request('/api/auth/logout', ...req('POST', { cookie, body, headers: { host: 'subdesk.example.com', ...headers } }));

  it('refuses a write from another origin before any handler runs', async () => {
    const before = sqliteOf(t.deps).$client.prepare('SELECT count(*) AS n FROM staff_sessions').get();
    for (const headers of <Record<string, string>[]>[
      { origin: 'https://evil.example' },
      { origin: 'https://subdesk.example.com.evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: 'https://subdesk.example.com' },
    ]) {
      const res = await write({ 'content-type': 'application/json', ...headers });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect((await res.json()).code).toBe('crossOrigin');
    }
    // The session survived: the logout handler never ran.
    expect(sqliteOf(t.deps).$client.prepare('SELECT count(*) AS n FROM staff_sessions').get()).toEqual(before);
  });

  it('refuses a write that is not JSON (forms, text/plain)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await write({ 'content-type': type, origin: 'https://subdesk.example.com' }, 'email=a&password=b');
      expect(res.status, type).toBe(415);
    }
    const untyped = await t.app.request('/api/auth/login', { method: 'POST', body: 'x', headers: { 'content-length': '1' } });
    expect(untyped.status).toBe(415);
  });

  it('lets same-origin JSON through, and a GET from anywhere', async () => {
    const staff = await t.app.request(
      '/api/staff',
      ...req('POST', {
        cookie,
        body: { email: 'guard@example.com', role: 'support' },
        headers: { origin: 'https://subdesk.example.com', 'sec-fetch-site': 'same-origin' },
      }),
    );
    expect(staff.status).toBe(201);
    const read = await t.app.request('/api/auth/me', ...req('GET', { cookie, headers: { 'sec-fetch-site': 'cross-site' } }));
    expect(read.status).toBe(200);
  });

  it('limits the size of request bodies', async () => {
    const big = JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(70 * 1024) });
    const res = await t.app.request('/api/auth/login', ...req('POST', { body: big }));
    expect(res.status).toBe(413);
  });
});

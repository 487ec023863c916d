import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { createMember, req, sessionCookie, sessionFromResponse, startAuthTestApp } from './helpers/auth.ts';
import { apiRoutesOf, concretePath, isWrite, listedRoles, type ApiRoute } from './helpers/route-table.ts';
import { rowOf, rowsOf } from './helpers/engines.ts';

/**
 * Access beyond the route × role matrix (route-access.test.ts): cross-origin writes refused on every
 * write route of the route table, the login lockout under 30 parallel guesses over real HTTP, and
 * the flags of every session cookie the API sets.
 */
let server: TestServer;
let writes: ApiRoute[];

beforeAll(async () => {
  server = await startTestServer();
  writes = apiRoutesOf(server.app).filter((r) => r.rule && isWrite(r.method));
}, 60_000);
afterAll(() => server?.close());

const mutations = () => {
  const sum = (s: Record<string, number>) => Object.values(s).reduce((a, b) => a + b, 0);
  return sum(server.sandbox!.gigsEmulator.stats()) + sum(server.sandbox!.centraEmulator.stats());
};
const maxSeq = async () => (await rowOf<{ seq: number }>(server.deps, 'SELECT coalesce(max(seq), 0) AS seq FROM audit_events')).seq;

describe('cross-origin writes', () => {
  it('are refused on every write route, before any handler runs', async () => {
    expect(writes.length).toBeGreaterThan(8);
    const own = new URL(server.deps.config.publicUrl);
    const attempts: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: `${own.protocol}//${own.host}.evil.example` },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: own.origin },
      { 'sec-fetch-site': 'cross-site', origin: own.origin },
    ];
    const failures: string[] = [];
    for (const route of writes) {
      // A role the route lets through, so that only the origin can be the reason for a refusal.
      const role = listedRoles(route.rule!)[0]!;
      const member = await createMember(server, role);
      for (const headers of attempts) {
        const seq = await maxSeq();
        const before = mutations();
        const cookie = await sessionCookie(server, member);
        const res = await server.app.request(concretePath(route.path), ...req(route.method, { body: {}, cookie, headers: { host: own.host, ...headers } }));
        const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
        const label = `${route.method} ${route.path} ${JSON.stringify(headers)} → ${res.status}`;
        if (res.status !== 403 || body.code !== 'crossOrigin' || !body.message) failures.push(label);
        // Refused before the principal is even loaded: nothing recorded, nothing sent upstream.
        if ((await maxSeq()) !== seq) failures.push(`${label}: wrote to the audit log`);
        if (mutations() !== before) failures.push(`${label}: reached the sandbox`);
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it('lets the same write through from subdesk itself (the refusal above is about the origin)', async () => {
    const cookie = await sessionCookie(server, await createMember(server, 'admin'));
    const own = new URL(server.deps.config.publicUrl);
    const res = await server.app.request(
      '/api/auth/logout',
      ...req('POST', { body: {}, cookie, headers: { host: own.host, origin: own.origin, 'sec-fetch-site': 'same-origin' } }),
    );
    expect(res.status).toBe(200);
  });
});

describe('login lockout', () => {
  it('holds under 30 parallel wrong guesses over HTTP: at most 5 are checked, then even the right password waits', async () => {
    const m = await createMember(server, 'support');
    const seq = await maxSeq();
    const guess = (password: string) =>
      fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: m.email, password }),
      });
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => guess(`parallel wrong guess ${i}`)));
    const statuses = results.map((r) => r.status);
    expect(
      statuses.every((s) => s === 401 || s === 429),
      statuses.join(','),
    ).toBe(true);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(25);
    for (const r of results) expect(((await r.json()) as { message?: string }).message).toBeTruthy();
    const entries = await rowsOf<{ error: string | null }>(
      server.deps,
      "SELECT error FROM audit_events WHERE seq > $1 AND action = 'auth.login.failed' AND target_type = 'staff' AND target_id = $2",
      [seq, String(m.id)],
    );
    const checked = entries.filter((e) => !(e.error ?? '').includes('throttled'));
    expect(entries.length).toBe(30);
    expect(checked.length).toBeLessThanOrEqual(5);
    const right = await guess(m.password);
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
  }, 60_000);
});

describe('session cookie flags', () => {
  const flagsOf = (line: string) =>
    line
      .split(';')
      .slice(1)
      .map((p) => p.trim().toLowerCase());

  it('every session cookie over http: HttpOnly, SameSite=Strict, Path=/, no Domain', async () => {
    const m = await createMember(server, 'auditor', { password: 'the first password of the auditor 1' });
    const login = await server.app.request('/api/auth/login', ...req('POST', { body: { email: m.email, password: m.password } }));
    const cookie = sessionFromResponse(login)!;
    const change = await server.app.request(
      '/api/auth/password',
      ...req('POST', { cookie, body: { currentPassword: m.password, newPassword: 'a second, longer auditor passphrase' } }),
    );
    expect(change.status).toBe(200);
    const logout = await server.app.request('/api/auth/logout', ...req('POST', { cookie: sessionFromResponse(change)! }));
    const lines = [login, change, logout].flatMap((r) => r.headers.getSetCookie());
    expect(lines.length).toBe(3);
    for (const line of lines) {
      expect(line).toMatch(/^subdesk_session=/);
      const flags = flagsOf(line);
      expect(flags, line).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/']));
      expect(flags.some((f) => f.startsWith('domain='))).toBe(false);
    }
  });

  it('over https: the __Host- prefix and Secure as well', async () => {
    const https = startAuthTestApp({ PUBLIC_URL: 'https://subdesk.example.com' });
    try {
      const m = await createMember(https, 'admin');
      const login = await https.app.request('/api/auth/login', ...req('POST', { body: { email: m.email, password: m.password } }));
      const logout = await https.app.request('/api/auth/logout', ...req('POST', { cookie: sessionFromResponse(login)! }));
      for (const line of [login, logout].flatMap((r) => r.headers.getSetCookie())) {
        expect(line).toMatch(/^__Host-subdesk_session=/);
        expect(flagsOf(line)).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/', 'secure']));
        expect(flagsOf(line).some((f) => f.startsWith('domain='))).toBe(false);
      }
    } finally {
      https.close();
    }
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { loginAs, req, startAuthTestApp, type AuthTestApp } from './helpers/auth.ts';
import { AUDIT_WINDOW_MS, AuditWindows } from '../server/audit/windows.ts';
import { STORED_PATH_MAX, STORED_USER_AGENT_MAX, cutText } from '../server/audit/stored-text.ts';
import { AuditLog } from '../server/audit/log.ts';
import { openDatabase } from '../db/connection.ts';
import { sqliteOf } from './helpers/engines.ts';

/**
 * Refusals of someone not signed in are folded into one entry per client address, action and
 * window; a signed-in member's refusals stay one entry each; nothing a client sends is stored at
 * more than a few hundred characters.
 */
let t: AuthTestApp;
afterEach(() => t?.close());

type Row = {
  seq: number;
  action: string;
  outcome: string;
  ip: string | null;
  user_agent: string | null;
  target_id: string | null;
  actor_type: string;
  request: string;
  error: string;
};
const denials = (action = 'access.denied') =>
  sqliteOf(t.deps)
    .$client.prepare('SELECT seq, action, outcome, ip, user_agent, target_id, actor_type, request, error FROM audit_events WHERE action = ? ORDER BY seq')
    .all(action) as Row[];

const anonymous = (path: string, ip: string, userAgent = 'curl/8') => t.app.request(path, ...req('GET', { ip, headers: { 'user-agent': userAgent } }));

describe('denials of the signed-out', () => {
  it('are one entry per address and minute, with the count and the first and last path, cut short', async () => {
    t = startAuthTestApp();
    const longUa = `Mozilla/5.0 ${'X'.repeat(16_000)}`;
    const longPath = `/api/customers/${'a'.repeat(8_000)}`;
    expect((await anonymous('/api/staff', '198.51.100.7', longUa)).status).toBe(401);
    for (let i = 0; i < 198; i++) expect((await anonymous('/api/customers', '198.51.100.7', longUa)).status).toBe(401);
    expect((await anonymous(longPath, '198.51.100.7', longUa)).status).toBe(401);
    expect(denials()).toEqual([]);

    t.advance(AUDIT_WINDOW_MS);
    expect(await t.deps.auditWindows.flushDue()).toBe(1);
    const [entry, ...more] = denials();
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ outcome: 'denied', actor_type: 'anonymous', ip: '198.51.100.7', target_id: 'GET /api/staff' });
    const request = JSON.parse(entry!.request);
    expect(request.count).toBe(200);
    expect(request.first).toMatchObject({ method: 'GET', path: '/api/staff' });
    expect(request.last.path.length).toBeLessThanOrEqual(STORED_PATH_MAX);
    expect(request.last.path).toMatch(/^\/api\/customers\/a+…\[\+\d+\]$/);
    expect(request.routes).toEqual(['GET /api/staff', 'GET /api/customers', 'GET /api/customers/:id']);
    expect(entry!.user_agent!.length).toBeLessThanOrEqual(STORED_USER_AGENT_MAX);
    expect(entry!.user_agent).toMatch(/^Mozilla\/5\.0 X+…\[\+\d+\]$/);
    expect(JSON.parse(entry!.error)).toEqual({ status: 401, reason: 'not signed in' });
  });

  it('keep each address apart, and a new window after the minute', async () => {
    t = startAuthTestApp();
    await anonymous('/api/customers', '198.51.100.1');
    await anonymous('/api/customers', '198.51.100.2');
    await anonymous('/api/customers', '198.51.100.1');
    t.advance(AUDIT_WINDOW_MS + 1);
    // The next refusal from an address whose window has ended writes that window at once.
    await anonymous('/api/customers', '198.51.100.1');
    expect(denials().map((d) => [d.ip, JSON.parse(d.request).count])).toEqual([['198.51.100.1', 2]]);
    await t.deps.auditWindows.close();
    expect(denials().map((d) => [d.ip, JSON.parse(d.request).count])).toEqual([
      ['198.51.100.1', 2],
      ['198.51.100.2', 1],
      ['198.51.100.1', 1],
    ]);
  });

  it('are written at shutdown: nothing is lost on a clean stop', async () => {
    t = startAuthTestApp();
    for (let i = 0; i < 5; i++) await anonymous('/api/audit-events', '203.0.113.9');
    expect(denials()).toEqual([]);
    expect(t.deps.auditWindows.openWindows).toBe(1);
    await t.deps.auditWindows.close();
    expect(denials().map((d) => JSON.parse(d.request).count)).toEqual([5]);
    expect(t.deps.auditWindows.openWindows).toBe(0);
  });

  it('on the public Connect callback are folded the same way', async () => {
    t = startAuthTestApp();
    for (let i = 0; i < 50; i++) {
      const res = await anonymous(`/connect/done?session_id=csn_Forged${i}&status=success`, '198.51.100.44');
      expect(res.status).toBe(404);
    }
    expect(denials('gigs.connectSession.callback')).toEqual([]);
    await t.deps.auditWindows.close();
    const [entry, ...more] = denials('gigs.connectSession.callback');
    expect(more).toEqual([]);
    const request = JSON.parse(entry!.request);
    expect(request).toMatchObject({
      count: 50,
      first: { path: '/connect/done?session_id=csn_Forged0&status=success' },
      last: { path: '/connect/done?session_id=csn_Forged49&status=success' },
    });
    expect(entry!.ip).toBe('198.51.100.44');
  });
});

describe('denials of a signed-in member', () => {
  it('stay one entry each, written before the answer', async () => {
    t = startAuthTestApp();
    const merchandiser = await loginAs(t, 'merchandiser');
    for (let i = 0; i < 3; i++) {
      const res = await t.app.request('/api/customers', ...req('GET', { cookie: merchandiser, ip: '198.51.100.3' }));
      expect(res.status).toBe(403);
      expect(denials()).toHaveLength(i + 1);
    }
    expect(JSON.parse(denials()[0]!.error)).toEqual({ status: 403, reason: 'role merchandiser not allowed' });
  });

  it('store the path cut short', async () => {
    t = startAuthTestApp();
    const merchandiser = await loginAs(t, 'merchandiser');
    await t.app.request(`/api/customers/${'b'.repeat(10_000)}`, ...req('GET', { cookie: merchandiser }));
    const request = JSON.parse(denials()[0]!.request);
    expect(request.path.length).toBeLessThanOrEqual(STORED_PATH_MAX);
  });
});

describe('AuditWindows', () => {
  it('writes the oldest windows early rather than hold more than its limit', async () => {
    const db = openDatabase(':memory:');
    const now = new Date('2026-03-02T09:00:00Z');
    const windows = new AuditWindows(new AuditLog(db, () => now), () => now, { maxOpen: 20 });
    const count = () => (db.$client.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n;
    for (let i = 0; i < 25; i++) {
      windows.fold(
        `k${i}`,
        () => ({ n: 0 }),
        (s) => s.n++,
        (s) => ({ requestId: `r${i}`, actor: { type: 'system' }, action: 'test.fold', outcome: 'succeeded', after: s }),
      );
    }
    expect(windows.openWindows).toBeLessThanOrEqual(20);
    expect(count()).toBe(25 - windows.openWindows);
    await windows.close();
    expect(count()).toBe(25);
    db.$client.close();
  });
});

describe('cutText', () => {
  it('keeps short text, and cuts long text to the limit saying how much was left out', () => {
    expect(cutText('short', 10)).toBe('short');
    const cut = cutText('x'.repeat(1000), 100);
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut).toBe(`${'x'.repeat(84)}…[+916]`);
  });
});

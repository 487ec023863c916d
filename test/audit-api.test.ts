import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { loginAs, req } from './helpers/auth.ts';
import { join } from 'node:path';
import { parseCsv } from './helpers/csv.ts';

let server: TestServer;
let auditor: string;
let support: string;

const get = (path: string, cookie: string) => server.app.request(path, { headers: { cookie } });
const list = (filter: object, extra = '') =>
  `/api/audit-events?filter=${encodeURIComponent(JSON.stringify(filter))}&range=${encodeURIComponent('[0,99]')}&sort=${encodeURIComponent('["seq","DESC"]')}${extra}`;
const entries = async (filter: object, cookie = auditor) => {
  const res = await get(list(filter), cookie);
  expect(res.status).toBe(200);
  return (await res.json()) as Array<Record<string, unknown>>;
};

beforeAll(async () => {
  server = await startTestServer();
  auditor = await loginAs(server, 'auditor');
  support = await loginAs(server, 'support');
  const staffActor = { type: 'staff' as const, id: '900', email: 'agent@test.subdesk', role: 'support' };
  const a = server.deps.audit;
  await a.append({
    requestId: 'api-r1',
    actor: staffActor,
    action: 'customer.view',
    outcome: 'succeeded',
    target: { type: 'customer', id: 'cus_apitest' },
    customerId: 'cus_apitest',
  });
  await a.append({
    requestId: 'api-r2',
    actor: staffActor,
    action: 'centra.subscription.status',
    outcome: 'requested',
    target: { type: 'centra-subscription', id: '77' },
    customerId: 'cus_apitest',
    before: { status: 'active' },
  });
  await a.append({
    requestId: 'api-r2',
    actor: staffActor,
    action: 'centra.subscription.status',
    outcome: 'succeeded',
    target: { type: 'centra-subscription', id: '77' },
    customerId: 'cus_apitest',
    before: { status: 'active' },
    after: { status: 'paused' },
  });
  await a.append({
    requestId: 'api-r3',
    actor: staffActor,
    action: 'centra.subscription.interval',
    outcome: 'requested',
    target: { type: 'centra-subscription', id: '77' },
    customerId: 'cus_apitest',
  });
  await a.append({
    requestId: 'api-r4',
    actor: staffActor,
    action: 'gigs.subscription.cancel',
    outcome: 'failed',
    target: { type: 'gigs-subscription', id: 'sub_1' },
    customerId: 'cus_other',
    error: { kind: 'http', status: 409 },
  });
  await a.append({ requestId: 'api-r5', actor: { type: 'system' }, action: 'system.note', outcome: 'succeeded' });
}, 120_000);
afterAll(async () => {
  await server?.close();
});

describe('GET /api/audit-events', () => {
  it('lists newest first with a Content-Range total, for auditors', async () => {
    const res = await get(list({}), auditor);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-range')).toMatch(/^audit-events 0-\d+\/\d+$/);
    const rows = (await res.json()) as Array<{ id: number; seq: number }>;
    expect(rows[0]!.id).toBe(rows[0]!.seq);
    expect(rows[0]!.seq).toBeGreaterThan(rows[1]!.seq);
  });

  it('filters by action (exact and prefix), outcome, actor, customer, target, request and pending', async () => {
    expect((await entries({ action: 'centra.subscription.status' })).map((e) => e.outcome)).toEqual(['succeeded', 'requested']);
    expect((await entries({ action: 'centra.*' })).every((e) => String(e.action).startsWith('centra.'))).toBe(true);
    expect((await entries({ action: 'centra.*' })).length).toBe(3);
    expect((await entries({ outcome: 'failed', customerId: 'cus_other' })).map((e) => e.requestId)).toEqual(['api-r4']);
    expect((await entries({ actorEmail: 'AGENT@test.subdesk' })).length).toBe(5);
    expect((await entries({ actorId: '900', targetType: 'centra-subscription', targetId: '77' })).length).toBe(3);
    expect((await entries({ requestId: 'api-r2' })).length).toBe(2);
    expect((await entries({ pending: true, customerId: 'cus_apitest' })).map((e) => e.requestId)).toEqual(['api-r3']);
    expect((await entries({ q: 'api-r4' })).length).toBe(1);
  });

  it('filters by time range', async () => {
    const all = await entries({ requestId: 'api-r2' });
    const t = String(all[0]!.time);
    expect((await entries({ requestId: 'api-r2', time_gte: t })).length).toBeGreaterThanOrEqual(1);
    expect(await entries({ requestId: 'api-r2', time_lte: '2000-01-01' })).toEqual([]);
    expect(await entries({ time_gte: '2999-01-01' })).toEqual([]);
  });

  it('refuses unknown filter fields with a 400 naming them', async () => {
    const res = await get(list({ actor: 'x' }), auditor);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/actor/);
  });

  it("lets support read only one customer's history, and audits the refusal", async () => {
    const res = await get(list({}), support);
    expect(res.status).toBe(403);
    const denied = await entries({ action: 'access.denied' });
    expect(denied.some((e) => JSON.stringify(e.error).includes('without a customerId'))).toBe(true);
    const history = await entries({ customerId: 'cus_apitest' }, support);
    expect(history.length).toBe(4);
    expect(history.every((e) => e.customerId === 'cus_apitest')).toBe(true);
  });

  it('is closed to merchandisers and to the signed-out', async () => {
    expect((await get(list({}), await loginAs(server, 'merchandiser'))).status).toBe(403);
    expect((await server.app.request(list({}))).status).toBe(401);
  });
});

describe('GET /api/audit-events/:seq', () => {
  it("answers one entry with parsed before/after; support only for a customer's entry", async () => {
    const [succeeded] = await entries({ requestId: 'api-r2', outcome: 'succeeded' });
    const res = await get(`/api/audit-events/${succeeded!.seq}`, auditor);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ before: { status: 'active' }, after: { status: 'paused' }, requestId: 'api-r2' });
    expect((await get(`/api/audit-events/${succeeded!.seq}`, support)).status).toBe(200);
    const [system] = await entries({ requestId: 'api-r5' });
    expect((await get(`/api/audit-events/${system!.seq}`, support)).status).toBe(403);
    expect((await get('/api/audit-events/99999999', auditor)).status).toBe(404);
  });
});

describe('POST /api/audit-events/verify', () => {
  it('answers {ok, checked, firstBad, reason} with the witness it checked against, and is itself an audit entry', async () => {
    const res = await server.app.request('/api/audit-events/verify', ...req('POST', { cookie: auditor }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; checked: number; firstBad: number | null; reason: string; witness: { path: string } };
    expect(body).toMatchObject({ ok: true, firstBad: null, witness: { path: join(server.dir, 'audit-witness.jsonl'), syslog: null } });
    expect(body.checked).toBeGreaterThan(5);
    const [entry] = await entries({ action: 'audit.verify' });
    expect(entry).toMatchObject({ outcome: 'succeeded', after: { ok: true } });
    expect((await server.app.request('/api/audit-events/verify', ...req('POST', { cookie: support }))).status).toBe(403);
  });
});

describe('GET /api/audit-events/export', () => {
  it('streams CSV of the filter as a download and audits the export', async () => {
    const filter = encodeURIComponent(JSON.stringify({ customerId: 'cus_apitest' }));
    const res = await get(`/api/audit-events/export?format=csv&filter=${filter}`, auditor);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="subdesk-audit-.*\.csv"$/);
    const lines = parseCsv(await res.text());
    expect(lines[0]!.slice(0, 3)).toEqual(['seq', 'time', 'request_id']);
    expect(lines).toHaveLength(5);
    const [entry] = await entries({ action: 'audit.export' });
    expect(entry).toMatchObject({ outcome: 'succeeded', request: { format: 'csv', filter: { customerId: 'cus_apitest' } } });
  });

  it('quotes every cell and defuses formulas typed by others', async () => {
    await server.deps.audit.append({
      requestId: 'api-csv',
      actor: { type: 'anonymous' },
      userAgent: 'x;=1+1',
      action: 'system.note',
      outcome: 'succeeded',
      target: { type: 'note', id: '=HYPERLINK("http://evil.example")' },
    });
    const text = await (await get(`/api/audit-events/export?format=csv&filter=${encodeURIComponent('{"requestId":"api-csv"}')}`, auditor)).text();
    const [header, row] = text.trimEnd().split('\r\n');
    // Split as a spreadsheet set to ; would: every cell still begins inside its quotes.
    expect(row!.split('","').length).toBe(header!.split('","').length);
    const cells = Object.fromEntries(parseCsv(text)[0]!.map((name, i) => [name, parseCsv(text)[1]![i]]));
    expect(cells).toMatchObject({ user_agent: 'x;=1+1', target_id: '\'=HYPERLINK("http://evil.example")' });
    expect(parseCsv(text, ';')[1]!.some((cell) => cell.startsWith('='))).toBe(false);
  });

  it('streams JSON that parses, with the stored JSON columns inline', async () => {
    const res = await get(`/api/audit-events/export?format=json&filter=${encodeURIComponent('{"requestId":"api-r2"}')}`, auditor);
    const body = (await res.json()) as Array<{ after: unknown }>;
    expect(body).toHaveLength(2);
    expect(body[1]!.after).toEqual({ status: 'paused' });
  });

  it('is for auditors and admins; bad formats are a 400', async () => {
    expect((await get('/api/audit-events/export?format=csv', support)).status).toBe(403);
    expect((await get('/api/audit-events/export?format=xml', auditor)).status).toBe(400);
  });
});

describe('GET /api/audit-events/stats/daily', () => {
  it('counts entries per day by outcome', async () => {
    const res = await get('/api/audit-events/stats/daily?days=30', auditor);
    const days = (await res.json()) as Array<{ day: string; total: number; failed: number }>;
    expect(days).toHaveLength(30);
    const today = days.at(-1)!;
    expect(today.day).toBe(new Date().toISOString().slice(0, 10));
    expect(today.total).toBeGreaterThanOrEqual(6);
    expect(today.failed).toBeGreaterThanOrEqual(1);
  });
});

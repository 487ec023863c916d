import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { createMember, loginAs, req, sessionCookie } from './helpers/auth.ts';
import { customerIdFor, emailKey } from '../server/customers/normalise.ts';
import { person } from '../server/sandbox/people.ts';
import { groupLines, type LightEntry } from '../server/timeline/lines.ts';
import type { TimelineLine } from '../server/timeline/lines.ts';
import { rowOf } from './helpers/engines.ts';

/**
 * The customer's timeline (GET /api/customer-timeline) and notes (POST/GET /api/customer-notes):
 * one line per action with its outcome, views folded, paged on the server; notes validated,
 * written with their audit entry, shown in the timeline.
 */
let t: TestServer;
let support: string;
let supportEmail: string;
const zoe = person(0);
const zoeId = customerIdFor(emailKey(zoe.email));

beforeAll(async () => {
  t = await startTestServer();
  const member = await createMember(t, 'support');
  supportEmail = member.email;
  support = await sessionCookie(t, member);
  await t.deps.customers.crawler.run('full');
}, 120_000);
afterAll(() => t?.close());

const timeline = async (customerId: string, range = [0, 24], cookie = support) => {
  const res = await t.app.request(
    `/api/customer-timeline?filter=${encodeURIComponent(JSON.stringify({ customerId }))}&range=${encodeURIComponent(JSON.stringify(range))}`,
    { headers: { cookie } },
  );
  return {
    status: res.status,
    total: Number(res.headers.get('content-range')?.split('/')[1]),
    rows: (res.status === 200 ? await res.json() : []) as TimelineLine[],
  };
};
const note = (customerId: string, text: unknown, cookie = support) =>
  t.app.request('/api/customer-notes', ...req('POST', { cookie, body: { customerId, text } }));

describe('notes', () => {
  it('a note is written with its audit entry (text included) and read back newest first', async () => {
    const res = await note(zoeId, '  Called about the late parcel; promised a call back Friday.  ');
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: number; text: string; staffEmail: string; requestId: string };
    expect(created).toMatchObject({ text: 'Called about the late parcel; promised a call back Friday.', staffEmail: supportEmail });
    const entry = await rowOf<Record<string, string>>(t.deps, 'SELECT * FROM audit_events WHERE request_id = $1', [created.requestId]);
    expect(entry).toMatchObject({
      action: 'customer.note.create',
      outcome: 'succeeded',
      customer_id: zoeId,
      actor_email: supportEmail,
      target_type: 'customer',
      target_id: zoeId,
    });
    expect(JSON.parse(entry.after)).toEqual({ noteId: created.id, text: created.text });
    await note(zoeId, 'Second note.');
    const list = (await (
      await t.app.request(`/api/customer-notes?filter=${encodeURIComponent(JSON.stringify({ customerId: zoeId }))}`, { headers: { cookie: support } })
    ).json()) as { text: string }[];
    expect(list.map((n) => n.text).slice(0, 2)).toEqual(['Second note.', created.text]);
  });

  it('refuses empty, too long or control-character notes naming the field "Note"; nothing is written', async () => {
    const count = async () =>
      (
        await rowOf<{ n: number }>(t.deps, 'SELECT (SELECT count(*) FROM customer_notes) + (SELECT count(*) FROM audit_events WHERE action = $1) AS n', [
          'customer.note.create',
        ])
      ).n;
    const before = await count();
    for (const [text, why] of [
      ['   ', 'Note cannot be empty.'],
      ['x'.repeat(501), 'Note must be at most 500 characters.'],
      ['bell\u0007', 'Note must not contain control characters.'],
      [42, 'Note must be text.'],
    ] as const) {
      const res = await note(zoeId, text);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { message: string; errors: Record<string, string> };
      expect(Object.keys(body.errors)).toEqual(['text']);
      if (typeof text === 'string') expect(body.message).toBe(why);
      else expect(body.message).toMatch(/^Note /);
    }
    expect((await note('cus_aaaaaaaaaaaaaaaaaaaa', 'Who?')).status).toBe(404);
    expect((await note(zoeId, 'Line one\nline two\ttabbed')).status).toBe(201);
    expect(await count()).toBe(before + 2);
  });

  it('support and admin write notes; merchandisers and auditors may not', async () => {
    expect((await note(zoeId, 'From an admin', await loginAs(t, 'admin'))).status).toBe(201);
    expect((await note(zoeId, 'No', await loginAs(t, 'merchandiser'))).status).toBe(403);
    expect((await note(zoeId, 'No', await loginAs(t, 'auditor'))).status).toBe(403);
  });
});

describe('GET /api/customer-timeline', () => {
  it('one line per action with its outcome and reason, views folded, notes with their text, newest first', async () => {
    const customer = person(3);
    const id = customerIdFor(emailKey(customer.email));
    // Two views by one agent a minute apart are one "viewed by" line; another agent joins it.
    await t.app.request(`/api/customers/${id}`, { headers: { cookie: support } });
    await t.deps.audit.append({
      requestId: 'view-2',
      actor: { type: 'staff', id: '99', email: 'other@test.subdesk', role: 'support' },
      action: 'customer.view',
      outcome: 'succeeded',
      target: { type: 'customer', id },
      customerId: id,
    });
    // An action: requested then succeeded, with its reason.
    const reason = { code: 'moving_abroad', text: 'to Norway' };
    for (const outcome of ['requested', 'succeeded'] as const) {
      await t.deps.audit.append({
        requestId: 'act-1',
        actor: { type: 'staff', id: '1', email: supportEmail, role: 'support' },
        action: 'centra.subscription.status',
        outcome,
        target: { type: 'centra-subscription', id: '77' },
        customerId: id,
        request: { status: 'paused', reason },
        before: { id: 77, status: 'active' },
        ...(outcome === 'succeeded' ? { after: { id: 77, status: 'paused' } } : {}),
      });
    }
    await t.app.request(`/api/customers/${id}`, { headers: { cookie: await loginAs(t, 'support') } });
    await note(id, 'Moving to Norway in May.');
    // A crash left one with no outcome.
    await t.deps.audit.append({
      requestId: 'act-2',
      actor: { type: 'staff', id: '1', email: supportEmail, role: 'support' },
      action: 'centra.subscription.quantity',
      outcome: 'requested',
      target: { type: 'centra-subscription', id: '77' },
      customerId: id,
      request: { quantity: 2 },
    });

    const { status, rows, total } = await timeline(id);
    expect(status).toBe(200);
    expect(rows.map((r) => [r.kind, r.action, r.outcome])).toEqual([
      ['action', 'centra.subscription.quantity', 'unknown'],
      ['action', 'customer.note.create', 'succeeded'],
      ['views', 'customer.view', 'succeeded'],
      ['action', 'centra.subscription.status', 'succeeded'],
      ['views', 'customer.view', 'succeeded'],
    ]);
    expect(total).toBe(5);
    const [, noteLine, laterViews, paused, firstViews] = rows;
    expect(noteLine!.after).toMatchObject({ text: 'Moving to Norway in May.' });
    expect(noteLine!.actor).toMatchObject({ email: supportEmail, role: 'support' });
    expect(paused).toMatchObject({
      request: { status: 'paused', reason },
      before: { status: 'active' },
      after: { status: 'paused' },
      target: { type: 'centra-subscription', id: '77' },
    });
    expect(paused!.seqs).toHaveLength(2);
    expect(firstViews!.viewers!.map((v) => v.email)).toEqual(['other@test.subdesk', supportEmail]);
    expect(laterViews!.viewers).toHaveLength(1);
  });

  it('pages on the server: all of the history, a page at a time', async () => {
    const id = customerIdFor(emailKey(person(5).email));
    for (let i = 0; i < 30; i++) await note(id, `Note ${i}`);
    const first = await timeline(id, [0, 9]);
    const second = await timeline(id, [10, 19]);
    expect(first.total).toBe(30);
    expect(first.rows).toHaveLength(10);
    expect(first.rows[0]!.after).toMatchObject({ text: 'Note 29' });
    expect(second.rows[0]!.after).toMatchObject({ text: 'Note 19' });
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(20);
  });

  it('names the customer, for support and admin only', async () => {
    expect((await t.app.request('/api/customer-timeline', { headers: { cookie: support } })).status).toBe(400);
    expect((await timeline(zoeId, [0, 9], await loginAs(t, 'auditor'))).status).toBe(403);
    expect((await timeline(zoeId, [0, 9], await loginAs(t, 'admin'))).status).toBe(200);
  });
});

describe('grouping', () => {
  const e = (seq: number, action: string, requestId: string, outcome = 'succeeded', actorEmail = 'a@x'): LightEntry => ({
    seq,
    time: `2026-01-01T00:00:${String(seq).padStart(2, '0')}Z`,
    requestId,
    action,
    outcome,
    actorType: 'staff',
    actorEmail,
    actorRole: 'support',
  });
  it('a view between a request and its outcome does not split the pair; views on either side of an action stay apart', () => {
    const lines = groupLines(
      [
        e(5, 'customer.view', 'v3'),
        e(4, 'x.y', 'r1'),
        e(3, 'customer.view', 'v2', 'succeeded', 'b@x'),
        e(2, 'x.y', 'r1', 'requested'),
        e(1, 'customer.view', 'v1'),
      ].values(),
    );
    expect(lines.map((l) => [l.kind, l.seqs])).toEqual([
      ['views', [5]],
      ['action', [4, 2]],
      ['views', [3]],
      ['views', [1]],
    ]);
  });
});

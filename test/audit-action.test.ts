import { vi, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/connection.ts';
import { AuditLog, type RequestOrigin } from '../server/audit/log.ts';
import { runAction } from '../server/audit/action.ts';
import { UpstreamError } from '../server/upstream/errors.ts';
import { AppError } from '../server/http/errors.ts';
import { upstreamToAppError } from '../server/http/upstream-errors.ts';

let db: Db;
let audit: AuditLog;
const origin: RequestOrigin = {
  requestId: 'req-0001',
  actor: { type: 'staff', id: '7', email: 'agent@example.com', role: 'support' },
  ip: '10.0.0.1',
  userAgent: 'vitest',
};
const rows = () => db.$client.prepare('SELECT * FROM audit_events ORDER BY seq').all() as Array<Record<string, string | number | null>>;
const pending = () => db.$client.prepare('SELECT seq FROM audit_pending').pluck().all();

beforeEach(() => {
  db = openDatabase(':memory:');
  audit = new AuditLog(db);
});

describe('runAction', () => {
  it('commits `requested` before perform runs, passes the request id as idempotency key, then records `succeeded`', async () => {
    let seenInside: Array<Record<string, unknown>> = [];
    let key = '';
    let settled = false;
    const result = await runAction(
      origin,
      { audit },
      {
        action: 'centra.subscription.status',
        target: { type: 'centra-subscription', id: '42' },
        customerId: 'cus_1',
        request: { status: 'paused', reason: 'travel' },
        readBefore: async () => ({ status: 'active' }),
        perform: async (idempotencyKey) => {
          key = idempotencyKey;
          // Read through a separate connection-level query: the entry is committed, not just buffered.
          seenInside = rows();
          expect(pending()).toEqual([1]);
          return { id: 42, status: 'paused', internal: 'x' };
        },
        describeAfter: (r) => ({ status: r.status }),
        upstreamRef: (r) => String(r.id),
        onSettled: async () => {
          settled = true;
        },
      },
    );
    expect(result.status).toBe('paused');
    expect(key).toBe('req-0001');
    expect(seenInside).toHaveLength(1);
    expect(seenInside[0]).toMatchObject({ outcome: 'requested', request_id: 'req-0001', action: 'centra.subscription.status', before: '{"status":"active"}' });
    const all = rows();
    expect(all.map((r) => r.outcome)).toEqual(['requested', 'succeeded']);
    expect(all[1]).toMatchObject({
      request_id: 'req-0001',
      after: '{"status":"paused"}',
      upstream_ref: '42',
      customer_id: 'cus_1',
      actor_email: 'agent@example.com',
      ip: '10.0.0.1',
    });
    expect(pending()).toEqual([]);
    expect(settled).toBe(true);
  });

  it('records `failed` with the upstream error and rethrows it unchanged (app.onError maps it)', async () => {
    const err = new UpstreamError('centra', 'http', 'cancelled is final', { status: 409, fieldErrors: { status: 'cancelled is final' } });
    await expect(
      runAction(
        origin,
        { audit },
        {
          action: 'centra.subscription.status',
          target: { type: 'centra-subscription', id: '42' },
          request: { status: 'active' },
          perform: async () => {
            throw err;
          },
        },
      ),
    ).rejects.toBe(err);
    const all = rows();
    expect(all.map((r) => r.outcome)).toEqual(['requested', 'failed']);
    expect(JSON.parse(all[1]!.error as string)).toMatchObject({ system: 'centra', kind: 'http', status: 409 });
    expect(upstreamToAppError(err).status).toBe(409);
    expect(pending()).toEqual([]);
  });

  it('records an AppError and a timeout as `failed`', async () => {
    await expect(
      runAction(
        origin,
        { audit },
        {
          action: 'centra.subscription.status',
          target: { type: 'centra-subscription', id: 's' },
          request: {},
          perform: async () => {
            throw new AppError(409, 'Already cancelled.');
          },
        },
      ),
    ).rejects.toThrow('Already cancelled.');
    const timeout = new UpstreamError('gigs', 'timeout', 'no answer in 2000 ms');
    await expect(
      runAction(
        { ...origin, requestId: 'req-2' },
        { audit },
        {
          action: 'centra.subscription.status',
          target: { type: 'centra-subscription', id: 's' },
          request: {},
          perform: async () => {
            throw timeout;
          },
        },
      ),
    ).rejects.toBe(timeout);
    expect(upstreamToAppError(timeout).status).toBe(504);
    const errors = rows()
      .filter((r) => r.outcome === 'failed')
      .map((r) => JSON.parse(r.error as string));
    expect(errors[0]).toMatchObject({ status: 409, message: 'Already cancelled.' });
    expect(errors[1]).toMatchObject({ kind: 'timeout' });
  });

  it('sends nothing and logs one `failed` when the before cannot be read', async () => {
    let called = false;
    await expect(
      runAction(
        origin,
        { audit },
        {
          action: 'centra.contract.address',
          target: { type: 'centra-contract', id: '1' },
          request: {},
          readBefore: async () => {
            throw new UpstreamError('centra', 'network', 'ECONNREFUSED');
          },
          perform: async () => {
            called = true;
          },
        },
      ),
    ).rejects.toThrow('ECONNREFUSED');
    expect(called).toBe(false);
    expect(rows().map((r) => r.outcome)).toEqual(['failed']);
    expect(pending()).toEqual([]);
  });

  it('leaves `requested` pending when the process dies mid-call', async () => {
    const never = runAction(
      origin,
      { audit },
      { action: 'gigs.connectSession.create', target: { type: 'customer', id: 'c' }, request: {}, perform: () => new Promise<never>(() => {}) },
    );
    void never;
    // The requested entry is durable before perform is called; on a busy machine that can take more than a tick.
    await vi.waitFor(() => expect(rows().map((r) => r.outcome)).toEqual(['requested']), { timeout: 5_000 });
    expect(pending()).toEqual([1]);
  });
});

describe('redaction', () => {
  it('keeps passwords, keys, tokens and Connect URLs out of every column', async () => {
    const connectUrl = 'https://connect.gigs.com/checkout/entry?session=csn_0U2UMLEo0Z7P8Y37BOdNohpMnq0Y&token=tok_SECRETSECRET';
    await runAction(
      origin,
      { audit },
      {
        action: 'gigs.connectSession.create',
        target: { type: 'customer', id: 'c1' },
        request: {
          password: 'hunter2hunter2',
          apiKey: 'sk_live_KEYKEYKEY',
          nested: { authorization: 'Bearer abcdefghijkl', note: `send ${connectUrl} to them` },
        },
        perform: async () => ({ id: 'csn_0U2UMLEo0Z7P8Y37BOdNohpMnq0Y', url: connectUrl, callbackUrl: 'http://localhost/connect/done' }),
        upstreamRef: (r) => r.id,
      },
    );
    await runAction(
      { ...origin, requestId: 'r2' },
      { audit },
      {
        action: 'gigs.connectSession.create',
        target: { type: 'customer', id: 'c1' },
        request: {},
        perform: async () => {
          throw new Error(`failed Authorization: Bearer tok_SECRETSECRET at ${connectUrl}`);
        },
      },
    ).catch(() => {});
    const dump = JSON.stringify(rows());
    for (const secret of ['hunter2hunter2', 'sk_live_KEYKEYKEY', 'abcdefghijkl', 'tok_SECRETSECRET', 'connect.gigs.com/checkout']) {
      expect(dump).not.toContain(secret);
    }
    expect(dump).toContain('csn_0U2UMLEo0Z7P8Y37BOdNohpMnq0Y'); // the session id stays: it is how auditors find it
    expect(dump).toContain('connect/done');
  });
});

describe('append (group commit)', () => {
  it('commits concurrent appends in order, chained, each resolved only after its commit', async () => {
    const entries = await Promise.all(
      Array.from({ length: 50 }, (_, i) => audit.append({ requestId: `g${i}`, actor: { type: 'system' }, action: 'test.group', outcome: 'succeeded' })),
    );
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    for (let i = 1; i < entries.length; i++) expect(entries[i]!.prevHash).toBe(entries[i - 1]!.hash);
    expect(db.$client.prepare('SELECT count(*) FROM audit_events').pluck().get()).toBe(50);
  });
});

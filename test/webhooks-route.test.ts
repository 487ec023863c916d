import { afterEach, describe, expect, it, vi } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { startAuthTestApp, type AuthTestApp } from './helpers/auth.ts';
import { GigsWebhookVerifier } from '../server/feeds/gigs-event.ts';
import { sqliteOf } from './helpers/engines.ts';

/**
 * POST /webhooks/gigs as Gigs delivers to it: Standard Webhooks signatures (the specification's
 * own test vectors), rotations, stale timestamps, refusals counted and nothing stored, duplicates
 * stored once, no staff session or origin needed, 404 when webhooks are off.
 */

// The Standard Webhooks specification's test vector (its reference library's tests,
// libraries/javascript/src/webhook.test.ts): this secret, id, time and body sign to this signature.
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
/** A signature of the right shape that this secret did not make (from the same tests). */
const FOREIGN_SIGNATURE = 'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=';

let t: AuthTestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
  vi.useRealTimers();
});

function post(app: AuthTestApp, body: string, headers: Record<string, string>) {
  return app.app.request('/webhooks/gigs', { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
}

const vectorHeaders = (signature = VECTOR.signature) => ({
  'webhook-id': VECTOR.id,
  'webhook-timestamp': String(VECTOR.timestamp),
  'webhook-signature': signature,
});
const stored = (app: AuthTestApp) =>
  sqliteOf(app.deps).$client.prepare('SELECT delivery_id AS id, event_type AS type, body FROM feed_inbox ORDER BY seq').all() as {
    id: string;
    type: string;
    body: string;
  }[];

describe('signatures (Standard Webhooks test vectors)', () => {
  it('the specification vector is accepted at its own time, and stored as it came', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(VECTOR.timestamp * 1000 + 30_000);
    t = startAuthTestApp({ GIGS_WEBHOOK_SECRET: VECTOR.secret });
    const res = await post(t, VECTOR.body, vectorHeaders());
    expect(res.status).toBe(204);
    // Not a Gigs event: kept (Gigs would retry it for days otherwise) and set aside as unreadable.
    expect(stored(t)).toEqual([{ id: VECTOR.id, type: 'unreadable', body: VECTOR.body }]);
    expect(t.deps.feeds.refusals.lastHour('gigs')).toBe(0);
  });

  it('the vector signs the same with the package the sandbox signs with', () => {
    expect(new Webhook(VECTOR.secret).sign(VECTOR.id, new Date(VECTOR.timestamp * 1000), VECTOR.body)).toBe(VECTOR.signature);
  });

  it('a changed body, id or timestamp, a foreign or missing signature: 401, nothing stored, each counted', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(VECTOR.timestamp * 1000);
    t = startAuthTestApp({ GIGS_WEBHOOK_SECRET: VECTOR.secret });
    const cases: [string, Record<string, string>][] = [
      ['{"test": 2432232315}', vectorHeaders()],
      [VECTOR.body, { ...vectorHeaders(), 'webhook-id': 'msg_other' }],
      [VECTOR.body, { ...vectorHeaders(), 'webhook-timestamp': String(VECTOR.timestamp + 1) }],
      [VECTOR.body, vectorHeaders(FOREIGN_SIGNATURE)],
      [VECTOR.body, vectorHeaders(VECTOR.signature.slice(0, 8))],
      [VECTOR.body, { 'webhook-id': VECTOR.id, 'webhook-timestamp': String(VECTOR.timestamp) }],
      [VECTOR.body, {}],
    ];
    for (const [body, headers] of cases) {
      const res = await post(t, body, headers);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { errors: Record<string, string> }).errors).toHaveProperty('webhook-signature');
    }
    expect(stored(t)).toEqual([]);
    expect(t.deps.feeds.refusals.lastHour('gigs')).toBe(cases.length);
    // Counted, not audited: a forger cannot grow the audit log.
    expect((sqliteOf(t.deps).$client.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n).toBe(0);
  });

  it('during a rotation any one of several signatures is enough', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(VECTOR.timestamp * 1000);
    t = startAuthTestApp({ GIGS_WEBHOOK_SECRET: VECTOR.secret });
    const res = await post(t, VECTOR.body, vectorHeaders(`${FOREIGN_SIGNATURE} v2,${VECTOR.signature.slice(3)} ${VECTOR.signature}`));
    expect(res.status).toBe(204);
  });

  it('a timestamp more than 5 minutes away, before or after, is refused; within 5 minutes accepted', async () => {
    const verifier = new GigsWebhookVerifier(VECTOR.secret);
    vi.useFakeTimers({ toFake: ['Date'] });
    for (const [offset, ok] of [
      [-301, false],
      [-299, true],
      [299, true],
      [301, false],
    ] as const) {
      vi.setSystemTime((VECTOR.timestamp - offset) * 1000);
      expect(verifier.verify(VECTOR.body, vectorHeaders()).ok, `${offset} s`).toBe(ok);
    }
  });
});

describe('the endpoint', () => {
  const secret = `whsec_${Buffer.from('a test secret of thirty-two bytes').toString('base64')}`;
  const sign = (id: string, body: string, at = new Date()) => ({
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  });
  const event = (n: number) =>
    JSON.stringify({
      object: 'event',
      id: `evt_${n}`,
      type: 'com.gigs.user.updated',
      time: '2026-03-02T08:59:00Z',
      data: { object: 'user', id: `usr_${n}`, email: `u${n}@example.com` },
    });

  it('needs no staff session and no same-origin header: the signature is the check', async () => {
    t = startAuthTestApp({ GIGS_WEBHOOK_SECRET: secret });
    const body = event(1);
    const res = await post(t, body, { ...sign('msg_1', body), origin: 'https://elsewhere.example', 'sec-fetch-site': 'cross-site' });
    expect(res.status).toBe(204);
    expect(stored(t).map((r) => [r.id, r.type])).toEqual([['msg_1', 'com.gigs.user.updated']]);
  });

  it('the same webhook-id twice (a retry, later re-signed) is answered 2xx and stored once', async () => {
    t = startAuthTestApp({ GIGS_WEBHOOK_SECRET: secret });
    const body = event(2);
    expect((await post(t, body, sign('msg_2', body))).status).toBe(204);
    expect((await post(t, body, sign('msg_2', body, new Date(Date.now() + 5000)))).status).toBe(204);
    // Concurrent duplicates land in one group commit: still one row.
    const burst = await Promise.all([1, 2, 3].map(() => post(t!, body, sign('msg_3', body))));
    expect(burst.map((r) => r.status)).toEqual([204, 204, 204]);
    expect(stored(t).map((r) => r.id)).toEqual(['msg_2', 'msg_3']);
  });

  it('a delivery far larger than any event is refused before it is read', async () => {
    t = startAuthTestApp({ GIGS_WEBHOOK_SECRET: secret });
    const body = JSON.stringify({ type: 'com.gigs.user.updated', data: 'x'.repeat(300_000) });
    const res = await post(t, body, sign('msg_big', body));
    expect(res.status).toBe(413);
    expect(stored(t)).toEqual([]);
  });

  it('without GIGS_WEBHOOK_SECRET the route answers 404 and stores nothing', async () => {
    t = startAuthTestApp();
    const body = event(4);
    const res = await post(t, body, sign('msg_4', body));
    expect(res.status).toBe(404);
    expect(stored(t)).toEqual([]);
  });

  it('GIGS_WEBHOOK_SECRET must look like an endpoint secret', () => {
    expect(() => startAuthTestApp({ GIGS_WEBHOOK_SECRET: 'not-a-secret' })).toThrow(/GIGS_WEBHOOK_SECRET/);
  });
});

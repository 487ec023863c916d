import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { loginAs, req } from './helpers/auth.ts';
import { clientFor, picker, remoteStats } from './centra-helpers.ts';
import { rowOf } from './helpers/engines.ts';

/**
 * An action retried with the same Idempotency-Key answers the first result and sends nothing
 * upstream twice (Centra's changes have no idempotency of their own).
 */
let server: TestServer;
let support: string;
let pick: ReturnType<typeof picker>;
const reason = { code: 'customer_request', text: 'asked on the phone' };

beforeAll(async () => {
  server = await startTestServer();
  support = await loginAs(server, 'support');
  await server.deps.customers.crawler.run('full');
  pick = picker(clientFor(server));
});
afterAll(async () => {
  await server?.close();
});

const send = (path: string, body: unknown, key: string, cookie = support) =>
  server.app.request(path, ...req('POST', { cookie, body, headers: { 'Idempotency-Key': key } }));

describe('Idempotency-Key on Centra changes', () => {
  it('the same key twice: one change in Centra, one audited change, the same answer twice', async () => {
    const f = await pick((x) => x.sub.status === 'active', 'is active');
    const before = await remoteStats(server);
    const key = randomUUID();
    const first = await send(`/api/centra-subscriptions/${f.sub.id}/status`, { status: 'paused', reason }, key);
    const again = await send(`/api/centra-subscriptions/${f.sub.id}/status`, { status: 'paused', reason }, key);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    expect((await remoteStats(server)).status).toBe(before.status! + 1);
    const audited = await rowOf<{ n: number }>(
      server.deps,
      "SELECT count(*) AS n FROM audit_events WHERE action = 'centra.subscription.status' AND target_id = $1 AND outcome = 'succeeded'",
      [String(f.sub.id)],
    );
    expect(audited.n).toBe(1);
  });

  it('refuses the same key with another request (422), and keys are per member', async () => {
    const f = await pick((x) => x.sub.status === 'active', 'is active');
    const key = randomUUID();
    expect((await send(`/api/centra-subscriptions/${f.sub.id}/status`, { status: 'paused', reason }, key)).status).toBe(200);
    const other = await send(`/api/centra-subscriptions/${f.sub.id}/status`, { status: 'cancelled', reason }, key);
    expect(other.status).toBe(422);
    expect((await other.json()).errors).toHaveProperty('idempotency-key');
    // Another member's identical key is theirs: their request runs (and is refused by the rules, as paused→paused is).
    const colleague = await send(`/api/centra-subscriptions/${f.sub.id}/status`, { status: 'paused', reason }, key, await loginAs(server, 'support'));
    expect(colleague.headers.get('idempotency-replayed')).toBeNull();
  });

  it('a key that is not printable ASCII is a 400 naming the header; requests without a key are untouched', async () => {
    const f = await pick((x) => x.sub.status === 'active', 'is active');
    const bad = await send(`/api/centra-subscriptions/${f.sub.id}/status`, { status: 'paused', reason }, 'two words');
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors).toHaveProperty('idempotency-key');
    const plain = await server.app.request(
      `/api/centra-subscriptions/${f.sub.id}/status`,
      ...req('POST', { cookie: support, body: { status: 'paused', reason } }),
    );
    expect(plain.status).toBe(200);
  });
});

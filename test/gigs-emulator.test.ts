import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createGigsSandbox, GIGS_SANDBOX_PROJECT } from '../server/sandbox/gigs/index.ts';
import { SANDBOX_GIGS_PROJECT } from '../server/sandbox/index.ts';
import { people } from '../server/sandbox/people.ts';

/** The emulator alone on an in-memory database with a clock the test moves. */
function emulator(start = Date.parse('2026-03-10T12:00:00Z')) {
  let now = start;
  const db = new Database(':memory:');
  const emu = createGigsSandbox({ db, clock: () => new Date(now), publicBaseUrl: 'http://sandbox.test/sandbox/gigs', apiKey: 'k' });
  emu.migrate();
  emu.seed(people(60));
  const call = async (path: string, init: RequestInit = {}): Promise<Response> =>
    emu.app.request(`http://sandbox.test${path}`, {
      ...init,
      headers: { authorization: 'Bearer k', 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
    });
  return { db, emu, call, advance: (ms: number) => void (now += ms) };
}

const P = `/projects/${GIGS_SANDBOX_PROJECT}`;

describe('Gigs emulator', () => {
  it('serves the project the sandbox configures its client with', () => {
    expect(GIGS_SANDBOX_PROJECT).toBe(SANDBOX_GIGS_PROJECT);
  });

  it('seeds the same data from the same people and clock', () => {
    const dump = (db: Database.Database) =>
      ['gigs_users', 'gigs_plans', 'gigs_addons', 'gigs_subscriptions', 'gigs_subscription_addons'].map((table) =>
        db.prepare(`SELECT * FROM ${table} ORDER BY seq`).all(),
      );
    const a = emulator();
    const b = emulator();
    expect(dump(a.db)).toEqual(dump(b.db));
    expect((a.db.prepare('SELECT COUNT(*) AS n FROM gigs_users').get() as { n: number }).n).toBe([...people(60)].filter((p) => p.inGigs).length);
  });

  it('is migrated idempotently', () => {
    const { emu } = emulator();
    expect(() => emu.migrate()).not.toThrow();
  });

  it('expires a session after its lifetime: the API reads expired, the page refuses with 403', async () => {
    const { call, advance } = emulator();
    const user = (await (await call(`${P}/users?limit=1`)).json()).items[0];
    const created = await (
      await call(`${P}/connectSessions`, { method: 'POST', body: JSON.stringify({ intent: { type: 'updatePaymentMethod' }, user: user.id }) })
    ).json();
    // The emulator app alone is not mounted under /sandbox/gigs.
    const pagePath = (new URL(created.url).pathname + new URL(created.url).search).replace('/sandbox/gigs', '');
    expect((await call(pagePath)).status).toBe(200);
    advance(61 * 60_000);
    expect((await (await call(`${P}/connectSessions/${created.id}`)).json()).status).toBe('expired');
    expect((await call(pagePath)).status).toBe(403);
  });

  it('replays an Idempotency-Key for 24 hours, then treats it as new', async () => {
    const { call, advance } = emulator();
    const user = (await (await call(`${P}/users?limit=1`)).json()).items[0];
    const create = () =>
      call(`${P}/connectSessions`, {
        method: 'POST',
        headers: { 'idempotency-key': 'same' },
        body: JSON.stringify({ intent: { type: 'updatePaymentMethod' }, user: user.id }),
      }).then((r) => r.json());
    const first = await create();
    advance(23 * 3_600_000);
    expect((await create()).id).toBe(first.id);
    advance(2 * 3_600_000);
    expect((await create()).id).not.toBe(first.id);
  });

  it('does not store a failed answer under its key: a corrected retry succeeds', async () => {
    const { call } = emulator();
    const user = (await (await call(`${P}/users?limit=1`)).json()).items[0];
    const send = (body: unknown) => call(`${P}/connectSessions`, { method: 'POST', headers: { 'idempotency-key': 'fix-me' }, body: JSON.stringify(body) });
    expect((await send({ intent: { type: 'updatePaymentMethod' } })).status).toBe(400);
    expect((await send({ intent: { type: 'updatePaymentMethod' }, user: user.id })).status).toBe(201);
  });

  it('lists pages through index ranges, never a scan with OFFSET', () => {
    const { db } = emulator();
    const plan = (sql: string) =>
      (
        db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(
          ...sql
            .split('?')
            .slice(1)
            .map(() => 'x'),
        ) as { detail: string }[]
      )
        .map((r) => r.detail)
        .join(' | ');
    expect(plan('SELECT seq, id, doc FROM gigs_subscriptions WHERE user_id = ? AND seq < ? ORDER BY seq DESC LIMIT 11')).toMatch(
      /USING INDEX gigs_subscriptions_user/,
    );
    expect(plan('SELECT seq, id, doc FROM gigs_subscriptions WHERE status = ? AND seq < ? ORDER BY seq DESC LIMIT 11')).toMatch(
      /USING INDEX gigs_subscriptions_status/,
    );
    expect(plan('SELECT seq, id, doc FROM gigs_subscriptions WHERE seq < ? ORDER BY seq DESC LIMIT 11')).toMatch(/USING INTEGER PRIMARY KEY/);
    expect(plan('SELECT seq, id, doc FROM gigs_users WHERE email = ? ORDER BY seq DESC')).toMatch(/USING INDEX gigs_users_email/);
  });
});

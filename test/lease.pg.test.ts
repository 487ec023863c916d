import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEASE_DEFAULTS, LeaseKeeper, SingleInstanceLease } from '../server/storage/lease.ts';
import { PgLease } from '../server/storage/pg/lease.ts';
import { testDatabase, type TestDatabase } from './helpers/postgres.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await testDatabase();
});
afterAll(() => t.drop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: () => boolean, withinMs: number) {
  const end = Date.now() + withinMs;
  while (!what()) {
    if (Date.now() > end) throw new Error(`not within ${withinMs} ms`);
    await sleep(20);
  }
}

/** Short timings for the test; the production ones are LEASE_DEFAULTS. */
const TTL = 1500;
const EVERY = 250;
const NEWCOMER_WAIT = 700;

describe('the background lease on PostgreSQL', () => {
  /** An instance that has been running for a while (the lease's peers in a deployment). */
  const longRunning = () => performance.now() - 10 * TTL;

  it('is held by one instance; the others are told which', async () => {
    const a = new PgLease(t.open({ max: 2 }), { name: 'one', ttlMs: TTL, instance: 'a', runningSince: longRunning() });
    const b = new PgLease(t.open({ max: 2 }), { name: 'one', ttlMs: TTL, instance: 'b', runningSince: longRunning() });
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    expect([a.holds(), b.holds()]).toEqual([true, false]);
    expect(await b.holder()).toMatchObject({ instance: 'a', token: 1 });
    expect(await a.renew()).toBe(true);
    expect(await b.renew()).toBe(false);
    await a.release();
    expect(a.holds()).toBe(false);
    // Released: taken at once, with a new fencing token.
    expect(await b.acquire()).toBe(true);
    expect(await a.holder()).toMatchObject({ instance: 'b', token: 2 });
  });

  it('moves to another instance within the lease time when the holder dies, never held by two at once', async () => {
    const poolA = t.open({ max: 2, applicationName: 'instance a' });
    const a = new PgLease(poolA, { name: 'dies', ttlMs: TTL, instance: 'a' });
    const b = new PgLease(t.open({ max: 2 }), { name: 'dies', ttlMs: TTL, instance: 'b' });
    const events: string[] = [];
    const keeperA = new LeaseKeeper(a, { everyMs: EVERY, onAcquired: () => events.push('a+'), onLost: () => events.push('a-'), onError: () => {} });
    let aHeldWhenBTook: boolean | null = null;
    const keeperB = new LeaseKeeper(b, {
      everyMs: EVERY,
      onAcquired: () => ((aHeldWhenBTook = a.holds()), events.push('b+')),
      onLost: () => events.push('b-'),
    });
    keeperA.start();
    await until(() => keeperA.holds(), 2000);
    keeperB.start();
    await sleep(3 * EVERY);
    expect([keeperA.holds(), keeperB.holds()]).toEqual([true, false]);

    // Instance a's connections all go at once (its process died): it renews no more.
    const died = Date.now();
    await poolA.$client.end();
    await until(() => keeperB.holds(), TTL + 2 * EVERY + 1000);
    const movedAfter = Date.now() - died;
    expect(movedAfter).toBeLessThanOrEqual(TTL + 2 * EVERY + 500);
    expect(aHeldWhenBTook).toBe(false);
    // a's keeper notices at its next round (or when asked, as the health check does); it never had a second hold.
    expect(keeperA.holds()).toBe(false);
    expect(events.filter((e) => e.startsWith('a'))).toEqual(['a+', 'a-']);
    expect(events.filter((e) => e.startsWith('b'))).toEqual(['b+']);
    expect(await b.holder()).toMatchObject({ instance: 'b', token: 2 });
    await keeperA.stop();
    await keeperB.stop();
    expect(await b.holder()).toBeNull();
  });

  it('goes to an instance that was running, not to one started since (the dead holder restarted); one alone takes it a little later', async () => {
    const poolA = t.open({ max: 2 });
    const a = new PgLease(poolA, { name: 'restart', ttlMs: TTL, instance: 'a', runningSince: longRunning() });
    const survivor = new PgLease(t.open({ max: 2 }), { name: 'restart', ttlMs: TTL, instance: 'survivor', runningSince: longRunning() });
    expect(await a.acquire()).toBe(true);
    await poolA.$client.end();
    // a's process is back as a new instance while its old hold runs out.
    const restarted = new PgLease(t.open({ max: 2 }), { name: 'restart', ttlMs: TTL, instance: 'a again', newcomerWaitMs: NEWCOMER_WAIT });
    await sleep(TTL + 100);
    expect(await restarted.acquire()).toBe(false);
    expect(await survivor.acquire()).toBe(true);
    expect(await restarted.holder()).toMatchObject({ instance: 'survivor', token: 2 });

    // With no peer that was running, a newcomer takes an expired lease once it has stayed expired a while.
    await survivor.release();
    const latecomer = new PgLease(t.open({ max: 2 }), { name: 'restart', ttlMs: TTL, instance: 'latecomer', newcomerWaitMs: NEWCOMER_WAIT });
    expect(await latecomer.acquire()).toBe(false);
    await sleep(NEWCOMER_WAIT / 2);
    expect(await latecomer.acquire()).toBe(false);
    await sleep(NEWCOMER_WAIT / 2 + 100);
    expect(await latecomer.acquire()).toBe(true);
    expect(await survivor.holder()).toMatchObject({ instance: 'latecomer', token: 3 });
  });

  it('stays with its holder when the server kills one of its connections', async () => {
    const a = new PgLease(t.open({ max: 2, applicationName: 'instance a2' }), { name: 'killed', ttlMs: TTL, instance: 'a' });
    const b = new PgLease(t.open({ max: 2 }), { name: 'killed', ttlMs: TTL, instance: 'b' });
    const keeperA = new LeaseKeeper(a, { everyMs: EVERY, onError: () => {} });
    const keeperB = new LeaseKeeper(b, { everyMs: EVERY });
    keeperA.start();
    await until(() => keeperA.holds(), 2000);
    keeperB.start();
    const { rowCount } = await t.db.$client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'instance a2'`);
    expect(rowCount).toBeGreaterThan(0);
    await sleep(TTL + 2 * EVERY);
    expect([keeperA.holds(), keeperB.holds()]).toEqual([true, false]);
    expect(await b.holder()).toMatchObject({ instance: 'a', token: 1 });
    await keeperB.stop();
    await keeperA.stop();
  });

  it('moves within 30 s with the production timings', () => {
    expect(LEASE_DEFAULTS.ttlMs + LEASE_DEFAULTS.everyMs).toBeLessThanOrEqual(30_000);
    // Also when the only other instance started during the dead one's last hold; and those that were running try first.
    expect(LEASE_DEFAULTS.ttlMs + LEASE_DEFAULTS.newcomerWaitMs + LEASE_DEFAULTS.everyMs).toBeLessThanOrEqual(30_000);
    expect(LEASE_DEFAULTS.newcomerWaitMs).toBeGreaterThan(LEASE_DEFAULTS.everyMs);
    expect(LEASE_DEFAULTS.everyMs * 2).toBeLessThan(LEASE_DEFAULTS.ttlMs);
  });
});

describe('the lease on SQLite', () => {
  it("is always held by the one process, from the keeper's first round", async () => {
    const acquired: string[] = [];
    const keeper = new LeaseKeeper(new SingleInstanceLease(), { onAcquired: () => acquired.push('+'), onLost: () => acquired.push('-') });
    expect(keeper.holds()).toBe(true);
    await keeper.tick();
    await keeper.stop();
    expect(acquired).toEqual(['+']);
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Built } from '../server/bootstrap.ts';
import { longestActionMs } from '../server/audit/reconcile-age.ts';
import { RECONCILE_EVERY_MS } from '../server/audit/reconcile-schedule.ts';
import type { Deps } from '../server/deps.ts';
import { GigsClient } from '../server/upstream/gigs.ts';
import { CentraClient } from '../server/upstream/centra.ts';
import { sqliteOf } from './helpers/engines.ts';
import { LeaseHeldElsewhere, until } from './helpers/lease.ts';
import { buildWithoutRoutes } from './helpers/built.ts';
import { interruptedPause } from './helpers/contracts/reconcile.ts';

/**
 * Reconciliation with several instances (docs/postgres.md, "What is missing", item 5): this
 * instance's lease is the test's to give and take, its clock is the test's, and the passes' timer
 * is a fake one the test moves. An entry "left by another instance" is a `requested` entry
 * written straight through the audit trail, as an instance that died before its outcome leaves it.
 */
let now = Date.parse('2026-12-06T03:00:00Z');
const lease = new LeaseHeldElsewhere();
let built: Built;
let deps: Deps;
let limit: number;
let subscriptions: string[];
let close: () => Promise<void>;

const leftPending = (requestId: string, subscriptionId: string) => deps.audit.append(interruptedPause(requestId, subscriptionId));

const outcomes = (requestId: string) =>
  sqliteOf(deps).$client.prepare('SELECT outcome, actor_type FROM audit_events WHERE request_id = ? ORDER BY seq').all(requestId);
const settled = (requestId: string) => outcomes(requestId).length === 2;
// Start and stop of the background work end with the change-feed applier's.
const workStarted = () => deps.feeds.applier.applying === true;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  ({ built, close } = await buildWithoutRoutes({ clock: () => new Date(now), lease }));
  deps = built.deps;
  limit = longestActionMs(deps);
  await built.start();
  await deps.customers.crawler.run('full');
  subscriptions = (
    sqliteOf(deps).$client.prepare(`SELECT id FROM indexed_subscriptions WHERE system = 'centra' AND status = 'active' ORDER BY id LIMIT 4`).all() as {
      id: string;
    }[]
  ).map((s) => s.id);
}, 60_000);
afterAll(async () => {
  await close?.();
  vi.useRealTimers();
});

describe('reconciliation on the lease holder', () => {
  it('the age limit follows the clients’ timeout: each attempt and a 429’s wait may take all of it', () => {
    const clients = (timeoutMs: number) => ({
      gigs: new GigsClient({ baseUrl: 'http://gigs.test', project: 'p', apiKey: 'k', timeoutMs }),
      centra: new CentraClient({ shopUrl: 'http://centra.test/shop', orderUrl: 'http://centra.test/order', apiKey: 'k', timeoutMs }),
    });
    // Three attempts (the first and two retries) and the wait a 429 may ask of a staff call.
    expect(longestActionMs(clients(20_000)) - longestActionMs(clients(10_000))).toBe(4 * 10_000);
    expect(limit).toBe(longestActionMs(clients(deps.config.UPSTREAM_TIMEOUT_MS)));
  });

  it('at lease gain, an entry younger than the longest action is left alone, and settled by a pass once older', async () => {
    await leftPending('old-1', subscriptions[0]!);
    now += limit + 1_000;
    await leftPending('young-1', subscriptions[1]!);
    lease.ours = true;
    await deps.backgroundLease.tick();
    await until(workStarted, 'the background work to start');
    expect(outcomes('old-1')).toEqual([
      { outcome: 'requested', actor_type: 'staff' },
      { outcome: 'failed', actor_type: 'system' },
    ]);
    expect(outcomes('young-1')).toEqual([{ outcome: 'requested', actor_type: 'staff' }]);

    now += limit + 1_000;
    await vi.advanceTimersByTimeAsync(RECONCILE_EVERY_MS);
    await until(() => settled('young-1'), 'the next pass');
    expect(outcomes('young-1')).toEqual([
      { outcome: 'requested', actor_type: 'staff' },
      { outcome: 'failed', actor_type: 'system' },
    ]);
  });

  it('while it holds the lease, a pass settles an old entry another instance left, with no change of lease', async () => {
    await leftPending('other-1', subscriptions[2]!);
    now += limit + 1_000;
    await vi.advanceTimersByTimeAsync(RECONCILE_EVERY_MS);
    await until(() => settled('other-1'), 'a pass');
    expect(deps.backgroundLease.holds()).toBe(true);
  });

  it('losing the lease stops the passes; regaining it settles what was left meanwhile', async () => {
    lease.ours = false;
    await deps.backgroundLease.tick();
    await until(() => !workStarted(), 'the background work to stop');
    await leftPending('left-1', subscriptions[3]!);
    now += limit + 1_000;
    const looked = vi.spyOn(deps.auditStore, 'pendingEntries');
    await vi.advanceTimersByTimeAsync(3 * RECONCILE_EVERY_MS);
    expect(looked).not.toHaveBeenCalled();
    looked.mockRestore();
    expect(settled('left-1')).toBe(false);

    lease.ours = true;
    await deps.backgroundLease.tick();
    await until(() => settled('left-1'), 'the pass at lease gain');
  });
});

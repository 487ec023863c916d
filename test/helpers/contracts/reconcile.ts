import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reconcilePending, type Reconcilers } from '../../../server/audit/reconcile.ts';
import { createAuditStore } from '../../../server/audit/store/index.ts';
import type { Deps } from '../../../server/deps.ts';
import { createLogger } from '../../../server/logger.ts';
import type { PostgresEngine, SqliteEngine } from '../../../server/storage/engine.ts';
import { rowsOf, type EngineUnderTest } from './instances.ts';

type AnyEngine = SqliteEngine | PostgresEngine;

/** What reconcilePending needs of an instance's deps: its engine's audit log and store. */
const depsOf = (engine: AnyEngine, clock: () => Date) =>
  ({ engine, audit: engine.audit, auditStore: createAuditStore(engine), logger: createLogger('silent'), clock }) as unknown as Deps;

/**
 * What an instance leaves when it dies between `requested` and the outcome of a Centra pause: the
 * `requested` entry alone (the pause never sent).
 */
export const interruptedPause = (requestId: string, subscriptionId: string) => ({
  requestId,
  actor: { type: 'staff' as const, id: '1', email: 'support@test', role: 'support' },
  action: 'centra.subscription.status',
  outcome: 'requested' as const,
  target: { type: 'centra-subscription', id: subscriptionId },
  customerId: null,
  request: { status: 'paused', reason: { code: 'travel' } },
});

/**
 * Reconciliation's choice of entries, on either engine (server/audit/reconcile.ts): instance b
 * leaves `requested` entries, instance a settles them (on SQLite the one engine twice).
 */
export function reconcileContract(under: (clock: () => Date) => EngineUnderTest) {
  describe('reconciliation of entries another instance left', () => {
    let now: number;
    let a: Deps;
    let b: Deps;
    let close: () => Promise<void>;
    beforeEach(async () => {
      now = Date.parse('2026-12-06T03:00:00Z');
      const clock = () => new Date(now);
      const instances = await under(clock).instances();
      a = depsOf(instances.a, clock);
      b = depsOf(instances.b, clock);
      close = instances.close;
    });
    afterEach(() => close());

    const leftPending = (requestId: string) => b.audit.append(interruptedPause(requestId, requestId));
    const settledBySystem = async () =>
      (await rowsOf(a.engine as AnyEngine, `SELECT request_id, outcome FROM audit_events WHERE actor_type = 'system' ORDER BY seq`)).map((r) => ({
        requestId: r.request_id,
        outcome: r.outcome,
      }));
    const stillPending = async () => (await a.auditStore.pendingEntries()).map((r) => r.request_id);

    it('takes only entries recorded before `olderThan`; younger ones wait for a later pass', async () => {
      const settles: Reconcilers = { centra: async () => ({ outcome: 'succeeded' }) };
      await leftPending('old');
      now += 60_000;
      await leftPending('young');
      expect(await reconcilePending(a, { reconcilers: settles, olderThan: new Date(now - 30_000) })).toEqual({
        pending: 1,
        settled: 1,
        unresolved: 0,
        tooRecent: 1,
      });
      expect(await settledBySystem()).toEqual([{ requestId: 'old', outcome: 'succeeded' }]);
      expect(await stillPending()).toEqual(['young']);

      now += 60_000;
      expect(await reconcilePending(a, { reconcilers: settles, olderThan: new Date(now - 30_000) })).toEqual({
        pending: 1,
        settled: 1,
        unresolved: 0,
        tooRecent: 0,
      });
      expect(await settledBySystem()).toEqual([
        { requestId: 'old', outcome: 'succeeded' },
        { requestId: 'young', outcome: 'succeeded' },
      ]);
      expect(await stillPending()).toEqual([]);
    });

    it('takes no further entry once its signal is aborted (the lease was lost); the one under way is recorded', async () => {
      const stopping = new AbortController();
      const list: Reconcilers = {
        centra: async () => {
          stopping.abort();
          return { outcome: 'succeeded' };
        },
      };
      await leftPending('first');
      await leftPending('second');
      expect(await reconcilePending(a, { reconcilers: list, signal: stopping.signal })).toMatchObject({ pending: 2, settled: 1 });
      expect(await settledBySystem()).toEqual([{ requestId: 'first', outcome: 'succeeded' }]);
      expect(await stillPending()).toEqual(['second']);
    });
  });
}

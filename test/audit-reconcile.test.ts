import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/connection.ts';
import { AuditLog } from '../server/audit/log.ts';
import { reconcilePending, reconcilerFor, UNRESOLVED_ACTION, type Reconcilers } from '../server/audit/reconcile.ts';
import { createLogger } from '../server/logger.ts';
import type { Deps } from '../server/deps.ts';
import { createAuditStore } from '../server/audit/store/index.ts';
import { reconcileContract } from './helpers/contracts/reconcile.ts';
import { sqliteUnderTest } from './helpers/contracts/instances.ts';

let db: Db;
let deps: Deps;
let now: number;

async function crashAfterRequested(requestId: string, action: string, request: unknown = {}) {
  await deps.audit.append({
    requestId,
    actor: { type: 'staff', id: '1', email: 'a@example.com', role: 'support' },
    action,
    outcome: 'requested',
    target: { type: 't', id: requestId },
    customerId: 'cus_9',
    request,
  });
}
const entries = () =>
  db.$client.prepare('SELECT seq, request_id, action, outcome, actor_type, after, error, request FROM audit_events ORDER BY seq').all() as Array<
    Record<string, string | number>
  >;

beforeEach(() => {
  db = openDatabase(':memory:');
  now = Date.parse('2026-12-06T03:00:00Z');
  const clock = () => new Date(now);
  const audit = new AuditLog(db, clock);
  deps = { db, audit, auditStore: createAuditStore({ kind: 'sqlite', db, audit }), logger: createLogger('silent'), clock } as unknown as Deps;
});

describe('reconciler registry', () => {
  it('finds the longest matching prefix, and only on dot boundaries', () => {
    const a = async () => null;
    const b = async () => null;
    const list = { 'centra.*': a, 'centra.subscription': b };
    expect(reconcilerFor('centra.subscription.status', list)).toBe(b);
    expect(reconcilerFor('centra.contract.address', list)).toBe(a);
    expect(reconcilerFor('centrality.x', list)).toBeUndefined();
    expect(reconcilerFor('gigs.subscription.cancel', list)).toBeUndefined();
  });
});

describe('start-up reconciliation', () => {
  it('settles crashed actions as "system" with the original request id, from what the upstream says', async () => {
    const list: Reconcilers = {
      'centra.subscription.status': async (entry) => {
        expect(entry.request).toEqual({ status: 'paused' });
        return { outcome: 'succeeded', after: { status: 'paused' } };
      },
      'gigs.subscription': async () => ({ outcome: 'failed', error: { message: 'the subscription is unchanged' } }),
    };
    await crashAfterRequested('r1', 'centra.subscription.status', { status: 'paused' });
    await crashAfterRequested('r2', 'gigs.subscription.cancel');
    const report = await reconcilePending(deps, { reconcilers: list });
    expect(report).toEqual({ pending: 2, settled: 2, unresolved: 0, tooRecent: 0 });
    const settled = entries().slice(2);
    expect(settled).toMatchObject([
      { request_id: 'r1', action: 'centra.subscription.status', outcome: 'succeeded', actor_type: 'system', after: '{"status":"paused"}' },
      { request_id: 'r2', action: 'gigs.subscription.cancel', outcome: 'failed', actor_type: 'system' },
    ]);
    expect(db.$client.prepare('SELECT count(*) FROM audit_pending').pluck().get()).toBe(0);
    expect((await reconcilePending(deps, { reconcilers: list })).pending).toBe(0);
  });

  it('leaves actions with no reconciler as "outcome unknown" and says so once', async () => {
    await crashAfterRequested('r3', 'unknown.thing.do');
    expect(await reconcilePending(deps)).toEqual({ pending: 1, settled: 0, unresolved: 1, tooRecent: 0 });
    await reconcilePending(deps); // a second start does not repeat the note
    const notes = entries().filter((e) => e.action === UNRESOLVED_ACTION);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ outcome: 'failed', actor_type: 'system' });
    expect(String(notes[0]!.error)).toMatch(/outcome unknown: no reconciler/);
    // The pending view still lists it.
    const page = await deps.auditStore.listPage({ pending: true }, 'DESC', 0, 25);
    expect(page.rows.map((r) => r.request_id)).toEqual(['r3']);
  });

  it('keeps an entry pending when the reconciler throws or cannot tell', async () => {
    await crashAfterRequested('r4', 'gigs.connectSession.create');
    expect(
      await reconcilePending(deps, {
        reconcilers: {
          gigs: async () => {
            throw new Error('Gigs is down');
          },
        },
      }),
    ).toEqual({ pending: 1, settled: 0, unresolved: 1, tooRecent: 0 });
    expect(String(entries().at(-1)!.error)).toMatch(/Gigs is down/);
  });
});

reconcileContract((clock) => sqliteUnderTest(clock));

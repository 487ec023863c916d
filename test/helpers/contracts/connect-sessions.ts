import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConnectSessionsStore, type ConnectSessionsStore, type NewConnectSession } from '../../../server/gigs/store/index.ts';
import type { AuditInput } from '../../../server/audit/log.ts';
import { auditActions, type EngineUnderTest } from './instances.ts';

const link = (id: string, over: Partial<NewConnectSession> = {}): NewConnectSession => ({
  id,
  customerId: 'cus_a',
  staffId: 7,
  staffEmail: 'agent@example.com',
  intent: 'checkoutAddon',
  subscriptionId: 'sub_1',
  planId: null,
  addonIds: ['add_1', 'add_2'],
  gigsUserId: 'usr_1',
  requestId: `req_${id}`,
  createdAt: '2026-12-05T10:00:00.000Z',
  ...over,
});

const entry = (action: string, id: string): AuditInput => ({
  requestId: `req_${action}_${id}`,
  actor: { type: 'system' },
  action,
  outcome: 'succeeded',
  target: { type: 'customer', id: 'cus_a' },
  customerId: 'cus_a',
  after: { sessionId: id },
  upstreamRef: id,
});

/** The Connect links store's behaviour, the same on every engine. */
export function connectSessionsStoreContract(under: EngineUnderTest) {
  describe('Connect links store', () => {
    let store: ConnectSessionsStore;
    let engine: Awaited<ReturnType<EngineUnderTest['make']>>['engine'];
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ engine, close } = await under.make());
      store = createConnectSessionsStore(engine);
    });
    afterEach(() => close());

    it('keeps a new link pending, add-ons as a list; a second insert of the same id keeps the first row', async () => {
      await store.insert(link('csn_1'));
      await store.insert(link('csn_1', { requestId: 'req_replayed', addonIds: null }));
      expect(await store.get('csn_1')).toEqual({
        ...link('csn_1'),
        outcome: 'pending',
        outcomeAt: null,
        callbackStatus: null,
      });
      expect(await store.get('csn_none')).toBeUndefined();
    });

    it('settles a pending link once, with its one audit entry; a settled one is not settled again', async () => {
      await store.insert(link('csn_1'));
      const at = '2026-12-05T10:05:00.000Z';
      expect(await store.settleWithAudit({ id: 'csn_1', outcome: 'completed', callbackStatus: 'success', at }, entry('callback', 'csn_1'))).toBe(true);
      expect(await store.settleWithAudit({ id: 'csn_1', outcome: 'failed', callbackStatus: 'expired', at }, entry('settle', 'csn_1'))).toBe(false);
      expect(await store.get('csn_1')).toMatchObject({ outcome: 'completed', outcomeAt: at, callbackStatus: 'success' });
      expect((await auditActions(engine)).map((e) => e.action)).toEqual(['callback']);
    });

    it('revokes a pending link once; a revoked one may still be settled (the customer used it at Gigs), a settled one not revoked', async () => {
      await store.insert(link('csn_1'));
      await store.insert(link('csn_2'));
      const at = '2026-12-05T10:05:00.000Z';
      expect(await store.revokeWithAudit({ id: 'csn_1', at }, entry('revoke', 'csn_1'))).toBe(true);
      expect(await store.revokeWithAudit({ id: 'csn_1', at }, entry('revoke again', 'csn_1'))).toBe(false);
      expect(await store.get('csn_1')).toMatchObject({ outcome: 'revoked', outcomeAt: at });
      expect(await store.settleWithAudit({ id: 'csn_1', outcome: 'completed', callbackStatus: 'success', at }, entry('callback', 'csn_1'))).toBe(true);
      await store.settleWithAudit({ id: 'csn_2', outcome: 'abandoned', callbackStatus: 'aborted', at }, entry('callback', 'csn_2'));
      expect(await store.revokeWithAudit({ id: 'csn_2', at }, entry('revoke late', 'csn_2'))).toBe(false);
      expect((await auditActions(engine)).map((e) => e.action)).toEqual(['revoke', 'callback', 'callback']);
    });

    it('writes neither the outcome nor the entry when the entry cannot be written', async () => {
      await store.insert(link('csn_1'));
      // An entry the audit table refuses (no action): the row's change must go with it.
      const bad = { ...entry('callback', 'csn_1'), action: null } as unknown as AuditInput;
      await expect(
        store.settleWithAudit({ id: 'csn_1', outcome: 'completed', callbackStatus: 'success', at: '2026-12-05T10:05:00.000Z' }, bad),
      ).rejects.toThrow();
      expect(await store.get('csn_1')).toMatchObject({ outcome: 'pending', outcomeAt: null });
      expect(await auditActions(engine)).toEqual([]);
    });

    it('lists links still pending made before a time, oldest first', async () => {
      await store.insert(link('csn_new', { createdAt: '2026-12-05T10:30:00.000Z' }));
      await store.insert(link('csn_old', { createdAt: '2026-12-05T09:00:00.000Z' }));
      await store.insert(link('csn_mid', { createdAt: '2026-12-05T09:30:00.000Z' }));
      await store.insert(link('csn_done', { createdAt: '2026-12-05T08:00:00.000Z' }));
      await store.settleWithAudit({ id: 'csn_done', outcome: 'completed', callbackStatus: null, at: '2026-12-05T08:01:00.000Z' }, entry('settle', 'csn_done'));
      expect((await store.pendingBefore('2026-12-05T10:00:00.000Z', 10)).map((r) => r.id)).toEqual(['csn_old', 'csn_mid']);
      expect((await store.pendingBefore('2026-12-05T10:00:00.000Z', 1)).map((r) => r.id)).toEqual(['csn_old']);
    });

    it('lists a page by filter and sort, with the total; ties in order by id', async () => {
      await store.insert(link('csn_a', { createdAt: '2026-12-05T09:00:00.000Z', staffEmail: 'one@example.com' }));
      await store.insert(link('csn_b', { createdAt: '2026-12-05T09:00:00.000Z', intent: 'checkoutNewSubscription', customerId: 'cus_b' }));
      await store.insert(link('csn_c', { createdAt: '2026-12-05T11:00:00.000Z', subscriptionId: 'sub_2' }));
      await store.revokeWithAudit({ id: 'csn_c', at: '2026-12-05T11:01:00.000Z' }, entry('revoke', 'csn_c'));
      const page = (filter: object, field = 'createdAt', order: 'ASC' | 'DESC' = 'DESC', start = 0, limit = 10) =>
        store.list({ filter, sort: { field: field as 'createdAt', order }, start, limit }).then((p) => ({ ids: p.rows.map((r) => r.id), total: p.total }));
      expect(await page({})).toEqual({ ids: ['csn_c', 'csn_b', 'csn_a'], total: 3 });
      expect(await page({}, 'createdAt', 'ASC')).toEqual({ ids: ['csn_a', 'csn_b', 'csn_c'], total: 3 });
      expect(await page({}, 'createdAt', 'DESC', 1, 1)).toEqual({ ids: ['csn_b'], total: 3 });
      expect(await page({ staffEmail: ' ONE@example.com ' })).toEqual({ ids: ['csn_a'], total: 1 });
      expect(await page({ customerId: 'cus_b' })).toEqual({ ids: ['csn_b'], total: 1 });
      expect(await page({ subscriptionId: 'sub_2' })).toEqual({ ids: ['csn_c'], total: 1 });
      expect(await page({ intent: ['checkoutNewSubscription', 'none'] })).toEqual({ ids: ['csn_b'], total: 1 });
      expect(await page({ outcome: 'revoked' })).toEqual({ ids: ['csn_c'], total: 1 });
      expect(await page({ outcome: 'pending', id: ['csn_a', 'csn_c'] })).toEqual({ ids: ['csn_a'], total: 1 });
      expect(await page({}, 'outcome', 'ASC')).toEqual({ ids: ['csn_a', 'csn_b', 'csn_c'], total: 3 });
    });

    it('two instances: a replayed click keeps one row; of a callback and a revoke racing on each instance, one wins and writes the one entry', async () => {
      const { a, b, close: closeBoth } = await under.instances();
      try {
        const [sa, sb] = [createConnectSessionsStore(a), createConnectSessionsStore(b)];
        await Promise.all([sa.insert(link('csn_1')), sb.insert(link('csn_1', { requestId: 'req_retry' }))]);
        expect(await sb.get('csn_1')).toMatchObject({ outcome: 'pending' });
        for (let i = 0; i < 10; i++) {
          const id = `csn_race${i}`;
          await sa.insert(link(id));
          const at = '2026-12-05T10:05:00.000Z';
          const results = await Promise.all([
            sa.settleWithAudit({ id, outcome: 'completed', callbackStatus: 'success', at }, entry('callback', id)),
            sb.settleWithAudit({ id, outcome: 'completed', callbackStatus: 'success', at }, entry('webhook', id)),
            sb.revokeWithAudit({ id, at }, entry('revoke', id)),
          ]);
          const settledBy = results.slice(0, 2).filter(Boolean).length;
          // The revoke may win first; a callback may then still settle the revoked link, once.
          expect(settledBy).toBe(1);
          expect((await sa.get(id))?.outcome).toBe('completed');
        }
        const entries = await auditActions(a);
        const settling = entries.filter((e) => e.action !== 'revoke');
        expect(settling).toHaveLength(10);
        expect(new Set(settling.map((e) => e.after.sessionId)).size).toBe(10);
      } finally {
        await closeBoth();
      }
    });
  });
}

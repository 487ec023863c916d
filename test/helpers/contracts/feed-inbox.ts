import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFeeds } from '../../../server/feeds/index.ts';
import type { Delivery, FeedInboxStore } from '../../../server/feeds/store/types.ts';
import { createLogger } from '../../../server/logger.ts';
import { rowsOf, type EngineUnderTest } from './instances.ts';

const NOW = new Date('2026-12-05T10:00:00.000Z');
const clock = () => NOW;
const delivery = (id: string, over: Partial<Delivery> = {}): Delivery => ({
  feed: 'gigs',
  deliveryId: id,
  eventType: 'com.gigs.user.updated',
  eventTime: '2026-12-05T09:59:00.000Z',
  objectId: 'usr_1',
  body: `{"id":"${id}"}`,
  ...over,
});
const inboxOf = (engine: Awaited<ReturnType<EngineUnderTest['make']>>['engine']) => createFeeds({ engine, clock, logger: createLogger('silent') }).inbox;

/** The change feeds' inbox, the same on every engine: what the webhook route and the status page rely on. */
export function feedInboxContract(under: EngineUnderTest) {
  describe('change feed inbox', () => {
    let inbox: FeedInboxStore;
    let engine: Awaited<ReturnType<EngineUnderTest['make']>>['engine'];
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ engine, close } = await under.make());
      inbox = inboxOf(engine);
    });
    afterEach(async () => {
      await inbox.close();
      await close();
    });

    it('stores a delivery once: its retry, and a copy in the same burst, are no-ops', async () => {
      let woken = 0;
      inbox.onStored = () => woken++;
      expect(await Promise.all([inbox.accept(delivery('msg_1')), inbox.accept(delivery('msg_1')), inbox.accept(delivery('msg_2'))])).toEqual([
        true,
        false,
        true,
      ]);
      expect(woken).toBeGreaterThanOrEqual(1);
      const before = woken;
      expect(await inbox.accept(delivery('msg_1', { body: '{"changed":true}' }))).toBe(false);
      expect(woken).toBe(before);
      expect(await rowsOf(engine, 'SELECT delivery_id, body, received_at FROM feed_inbox ORDER BY seq')).toEqual([
        { delivery_id: 'msg_1', body: '{"id":"msg_1"}', received_at: expect.stringMatching(/^2026-12-05/) },
        { delivery_id: 'msg_2', body: '{"id":"msg_2"}', received_at: expect.stringMatching(/^2026-12-05/) },
      ]);
      // Another feed's delivery with the same id is its own.
      expect(await inbox.accept(delivery('msg_1', { feed: 'centra' }))).toBe(true);
    });

    it('says what it holds per feed: last received, last applied, backlog and retrying', async () => {
      expect(await inbox.status('gigs')).toEqual({ lastReceived: null, lastApplied: null, backlog: 0, retrying: 0 });
      await inbox.accept(delivery('msg_1'));
      await inbox.accept(delivery('msg_2', { eventType: 'com.gigs.subscription.updated' }));
      await inbox.accept(delivery('msg_3', { eventType: 'com.gigs.plan.updated' }));
      await rowsOf(engine, "UPDATE feed_inbox SET applied_at = '2026-12-05T10:00:01.000Z', outcome = 'applied' WHERE delivery_id = 'msg_2'");
      await rowsOf(engine, "UPDATE feed_inbox SET attempts = 1, next_attempt_at = '2026-12-05T10:05:00.000Z' WHERE delivery_id = 'msg_3'");
      expect(await inbox.status('gigs')).toEqual({
        lastReceived: { at: '2026-12-05T10:00:00.000Z', type: 'com.gigs.plan.updated' },
        lastApplied: { at: '2026-12-05T10:00:01.000Z', type: 'com.gigs.subscription.updated', outcome: 'applied' },
        backlog: 2,
        retrying: 1,
      });
      expect((await inbox.status('centra')).backlog).toBe(0);
    });

    it('prunes applied deliveries received before a time, never unapplied ones', async () => {
      for (const id of ['old_applied', 'old_waiting', 'new_applied']) await inbox.accept(delivery(id));
      await rowsOf(engine, "UPDATE feed_inbox SET received_at = '2026-11-01T00:00:00.000Z' WHERE delivery_id LIKE 'old_%'");
      await rowsOf(engine, "UPDATE feed_inbox SET applied_at = '2026-12-05T10:00:01.000Z', outcome = 'applied' WHERE delivery_id LIKE '%_applied'");
      expect(await inbox.prune(new Date('2026-11-28T00:00:00.000Z'))).toBe(1);
      expect((await rowsOf(engine, 'SELECT delivery_id FROM feed_inbox ORDER BY seq')).map((r) => r.delivery_id)).toEqual(['old_waiting', 'new_applied']);
    });

    it('gives the applier what is due, oldest first: not applied, not waiting for a retry, of its feed', async () => {
      for (const id of ['msg_1', 'msg_2', 'msg_3', 'msg_4', 'msg_5']) await inbox.accept(delivery(id));
      await inbox.accept(delivery('msg_c', { feed: 'centra' }));
      await rowsOf(engine, "UPDATE feed_inbox SET applied_at = '2026-12-05T10:00:01.000Z', outcome = 'applied' WHERE delivery_id = 'msg_2'");
      await rowsOf(engine, "UPDATE feed_inbox SET attempts = 2, next_attempt_at = '2026-12-05T10:05:00.000Z' WHERE delivery_id = 'msg_3'");
      await rowsOf(engine, "UPDATE feed_inbox SET attempts = 1, next_attempt_at = '2026-12-05T09:59:30.000Z' WHERE delivery_id = 'msg_4'");
      const due = await inbox.due('gigs', 10);
      expect(due.map((d) => [d.deliveryId, d.attempts])).toEqual([
        ['msg_1', 0],
        ['msg_4', 1],
        ['msg_5', 0],
      ]);
      expect(due[0]).toEqual({ ...delivery('msg_1'), seq: expect.any(Number), attempts: 0 });
      expect(due[0]!.seq).toBeLessThan(due[1]!.seq);
      expect((await inbox.due('gigs', 2)).map((d) => d.deliveryId)).toEqual(['msg_1', 'msg_4']);
      expect((await inbox.due('centra', 10)).map((d) => d.deliveryId)).toEqual(['msg_c']);
    });

    it('a failed delivery waits until its retry time, with the reason kept; the earliest retry is known', async () => {
      expect(await inbox.nextRetryAt('gigs')).toBeNull();
      for (const id of ['msg_1', 'msg_2']) await inbox.accept(delivery(id));
      const [first, second] = await inbox.due('gigs', 10);
      await inbox.markFailed(first!.seq, new Date('2026-12-05T10:30:00.000Z'), 'Gigs could not be read: 503');
      await inbox.markFailed(second!.seq, new Date('2026-12-05T10:05:00.000Z'), 'x'.repeat(600));
      expect(await inbox.nextRetryAt('gigs')).toBe('2026-12-05T10:05:00.000Z');
      expect(await inbox.nextRetryAt('centra')).toBeNull();
      expect(await inbox.due('gigs', 10)).toEqual([]);
      expect(await inbox.status('gigs')).toMatchObject({ backlog: 2, retrying: 2 });
      const rows = await rowsOf(engine, 'SELECT attempts, last_error FROM feed_inbox ORDER BY seq');
      expect(rows.map((r) => [Number(r.attempts), (r.last_error as string).length])).toEqual([
        [1, 'Gigs could not be read: 503'.length],
        [1, 500],
      ]);
      // Applied after all: it no longer waits.
      await inbox.markDone([{ seq: second!.seq, outcome: 'applied', asOf: null }]);
      expect(await inbox.nextRetryAt('gigs')).toBe('2026-12-05T10:30:00.000Z');
      expect(await inbox.status('gigs')).toMatchObject({ backlog: 1, retrying: 1 });
    });

    it('marks deliveries done once: marking again changes nothing', async () => {
      for (const id of ['msg_1', 'msg_2', 'msg_3']) await inbox.accept(delivery(id));
      const [a, b, c] = await inbox.due('gigs', 10);
      expect(
        await inbox.markDone([
          { seq: a!.seq, outcome: 'applied', asOf: '2026-12-05T09:59:00.000Z' },
          { seq: b!.seq, outcome: 'stale', asOf: null },
        ]),
      ).toBe(2);
      expect(
        await inbox.markDone([
          { seq: a!.seq, outcome: 'refused', asOf: null },
          { seq: c!.seq, outcome: 'ignored', asOf: null },
        ]),
      ).toBe(1);
      expect(await rowsOf(engine, 'SELECT delivery_id, outcome, as_of, applied_at, attempts FROM feed_inbox ORDER BY seq')).toEqual([
        { delivery_id: 'msg_1', outcome: 'applied', as_of: '2026-12-05T09:59:00.000Z', applied_at: '2026-12-05T10:00:00.000Z', attempts: 1 },
        { delivery_id: 'msg_2', outcome: 'stale', as_of: null, applied_at: '2026-12-05T10:00:00.000Z', attempts: 1 },
        { delivery_id: 'msg_3', outcome: 'ignored', as_of: null, applied_at: '2026-12-05T10:00:00.000Z', attempts: 1 },
      ]);
      expect(await inbox.due('gigs', 10)).toEqual([]);
      expect(await inbox.markDone([])).toBe(0);
    });

    it("knows an object's version: the newest time applied for it, of its feed, counting only deliveries that applied", async () => {
      const of = (id: string, objectId: string, feed: 'gigs' | 'centra' = 'gigs') => delivery(id, { objectId, feed });
      for (const d of [of('a1', 'sub_1'), of('a2', 'sub_1'), of('a3', 'sub_1'), of('a4', 'sub_2'), of('a5', 'sub_1', 'centra')]) await inbox.accept(d);
      expect(await inbox.versionOf('gigs', 'sub_1')).toBeNull();
      const [a1, a2, a3, a4] = await inbox.due('gigs', 10);
      const [a5] = await inbox.due('centra', 10);
      await inbox.markDone([
        { seq: a1!.seq, outcome: 'applied', asOf: '2026-12-05T09:58:00.000Z' },
        { seq: a2!.seq, outcome: 'applied', asOf: '2026-12-05T09:57:00.000Z' },
        { seq: a3!.seq, outcome: 'stale', asOf: '2026-12-05T09:59:59.000Z' },
        { seq: a4!.seq, outcome: 'applied', asOf: '2026-12-05T09:59:30.000Z' },
        { seq: a5!.seq, outcome: 'applied', asOf: '2026-12-05T09:59:40.000Z' },
      ]);
      expect(await inbox.versionOf('gigs', 'sub_1')).toBe('2026-12-05T09:58:00.000Z');
      expect(await inbox.versionOf('gigs', 'sub_2')).toBe('2026-12-05T09:59:30.000Z');
      expect(await inbox.versionOf('centra', 'sub_1')).toBe('2026-12-05T09:59:40.000Z');
      expect(await inbox.versionOf('gigs', 'sub_3')).toBeNull();
    });

    it('two instances: a delivery and its retries reaching both at once are stored once', async () => {
      const { a, b, close: closeBoth } = await under.instances();
      const [ia, ib] = [inboxOf(a), inboxOf(b)];
      try {
        const ids = Array.from({ length: 20 }, (_, i) => `msg_${i}`);
        const results = await Promise.all(ids.flatMap((id) => [ia.accept(delivery(id)), ib.accept(delivery(id)), ia.accept(delivery(id))]));
        for (let i = 0; i < ids.length; i++) expect(results.slice(i * 3, i * 3 + 3).filter(Boolean)).toHaveLength(1);
        expect((await rowsOf(a, 'SELECT count(*) AS n FROM feed_inbox'))[0]!.n).toBe(20);
        expect((await ib.status('gigs')).backlog).toBe(20);
        // An applier that lost the lease finishing a slice while the new holder applies the same
        // deliveries: each is marked once, by one of them.
        const due = await ia.due('gigs', 20);
        const marked = await Promise.all([
          ia.markDone(due.map((d) => ({ seq: d.seq, outcome: 'applied' as const, asOf: null }))),
          ib.markDone(due.map((d) => ({ seq: d.seq, outcome: 'stale' as const, asOf: null }))),
        ]);
        expect(marked[0] + marked[1]).toBe(20);
        expect(await ib.due('gigs', 20)).toEqual([]);
        expect((await rowsOf(a, 'SELECT count(*) AS n FROM feed_inbox WHERE attempts = 1'))[0]!.n).toBe(20);
      } finally {
        await Promise.all([ia.close(), ib.close()]);
        await closeBoth();
      }
    });
  });
}

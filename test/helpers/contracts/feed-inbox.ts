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

    it('two instances: a delivery and its retries reaching both at once are stored once', async () => {
      const { a, b, close: closeBoth } = await under.instances();
      const [ia, ib] = [inboxOf(a), inboxOf(b)];
      try {
        const ids = Array.from({ length: 20 }, (_, i) => `msg_${i}`);
        const results = await Promise.all(ids.flatMap((id) => [ia.accept(delivery(id)), ib.accept(delivery(id)), ia.accept(delivery(id))]));
        for (let i = 0; i < ids.length; i++) expect(results.slice(i * 3, i * 3 + 3).filter(Boolean)).toHaveLength(1);
        expect((await rowsOf(a, 'SELECT count(*) AS n FROM feed_inbox'))[0]!.n).toBe(20);
        expect((await ib.status('gigs')).backlog).toBe(20);
      } finally {
        await Promise.all([ia.close(), ib.close()]);
        await closeBoth();
      }
    });
  });
}

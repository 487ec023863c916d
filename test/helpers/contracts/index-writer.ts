import { afterEach, describe, expect, it } from 'vitest';
import { createCrawlStores } from '../../../server/customers/crawl/store/index.ts';
import { userPart, subscriptionPart, customerPart } from '../../../server/customers/index/facts.ts';
import { createIndexWriter, type FactsUpdate } from '../../../server/customers/index/writer/index.ts';
import { customerIdFor } from '../../../server/customers/normalise.ts';
import { createCustomerIndexStore } from '../../../server/customers/store/index.ts';
import type { CentraFacts, GigsFacts } from '../../../server/customers/types.ts';
import type { Engine } from '../../../server/storage/engine.ts';
import type { EngineMaker } from '../engines.ts';

const gigs = (u: string, e: string, n: string, subs: GigsFacts['subs'] = {}): GigsFacts => ({ u, e, n, subs });
const centra = (c: string, e: string, contracts: CentraFacts['k'] = {}): CentraFacts => ({
  c,
  e,
  f: 'Ada',
  l: 'Lind',
  co: 'SE',
  p: '+46701234567',
  k: contracts,
});

/** Rows of a query, on either engine (checks, and damage done on purpose: the stores are what is tested). */
async function rows<T>(engine: Engine, query: string, params: unknown[] = []): Promise<T[]> {
  if (engine.kind === 'sqlite') {
    const statement = engine.db.$client.prepare(query.replace(/\$\d+/g, '?'));
    return statement.reader ? (statement.all(...params) as T[]) : (statement.run(...params), []);
  }
  return (await engine.db.$client.query(query, params)).rows as T[];
}

/**
 * What the customer index's writing side does on any engine (server/customers/index/writer/types.ts):
 * what staff then find by search is the proof, read through the index's own reading store.
 */
export function indexWriterContract(make: EngineMaker) {
  let open: Awaited<ReturnType<EngineMaker>> | null = null;
  let clock = new Date('2026-12-06T10:00:00.000Z');
  const fresh = async () => {
    open = await make();
    clock = new Date('2026-12-06T10:00:00.000Z');
    const writer = createIndexWriter(open.engine, () => clock);
    return { engine: open.engine, writer, index: createCustomerIndexStore(open.engine), crawl: createCrawlStores(open.engine, writer, () => clock) };
  };
  afterEach(async () => {
    await open?.close();
    open = null;
  });
  const later = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
    return clock.toISOString();
  };
  const search = (index: ReturnType<typeof createCustomerIndexStore>, q: string) =>
    index.list({ filter: { q }, sort: { field: 'name', order: 'ASC' }, start: 0, limit: 25 }).then((p) => p.rows.map((r) => r.email));

  describe('writing people', () => {
    it('makes a person from nothing, found by name, e-mail, phone and subscription id; the same facts again change nothing', async () => {
      const { writer, index } = await fresh();
      expect(await writer.isEmpty()).toBe(true);
      const facts = gigs('usr_1', 'ada@example.com', 'Ada Lind', { sub_A1: { s: 'active', p: '+46701234567', pl: 'pln_1' } });
      expect(await writer.write({ gigs: new Map([['ada@example.com', () => facts]]) })).toBe(1);
      expect(await writer.isEmpty()).toBe(false);
      for (const q of ['Ada Lind', 'ada@example.com', '0701234567', 'sub_A1']) expect(await search(index, q)).toEqual(['ada@example.com']);
      const before = await index.byId(customerIdFor('ada@example.com'));
      later(60_000);
      expect(await writer.write({ gigs: new Map([['ada@example.com', (cur) => cur ?? null]]) })).toBe(0);
      expect((await index.byId(customerIdFor('ada@example.com')))?.updatedAt).toBe(before?.updatedAt);
    });

    it('rebuilds the person when facts change: the search text, exact keys and indexed subscriptions follow', async () => {
      const { engine, writer, index } = await fresh();
      await writer.write({
        gigs: new Map([['ada@example.com', () => gigs('usr_1', 'ada@example.com', 'Ada Lind', { sub_A1: { s: 'active', p: '+46701234567', pl: 'pln_1' } })]]),
      });
      expect(await search(index, '4567')).toEqual(['ada@example.com']);
      later(1000);
      await writer.write({
        gigs: new Map([['ada@example.com', (cur) => ({ ...cur!, n: 'Ada Berg', subs: { sub_A2: { s: 'active', p: '+46709876543', pl: 'pln_2' } } })]]),
      });
      // The old number's digits no longer find her (PostgreSQL keeps them in customer_digit_suffixes), the new one's do.
      for (const q of ['0701234567', '4567']) expect(await search(index, q)).toEqual([]);
      for (const q of ['0709876543', '6543']) expect(await search(index, q)).toEqual(['ada@example.com']);
      expect(await search(index, 'Lind')).toEqual([]);
      expect(await search(index, 'Ada Berg')).toEqual(['ada@example.com']);
      expect(await search(index, 'sub_A1')).toEqual([]);
      expect(await search(index, 'sub_A2')).toEqual(['ada@example.com']);
      expect(await rows(engine, 'SELECT id, plan_id FROM indexed_subscriptions ORDER BY id')).toEqual([{ id: 'sub_A2', plan_id: 'pln_2' }]);
    });

    it('a subscription that moved to another person follows them; both systems are written in one call', async () => {
      const { engine, writer, index } = await fresh();
      await writer.write({
        gigs: new Map([['ada@example.com', () => gigs('usr_1', 'ada@example.com', 'Ada Lind', { sub_M: { s: 'active', pl: 'pln_1' } })]]),
        centra: new Map([['ada@example.com', () => centra('7', 'ada@example.com', { '31': { subs: { '301': 'active' } } })]]),
      });
      expect((await index.byId(customerIdFor('ada@example.com')))?.systems.sort()).toEqual(['centra', 'gigs']);
      await writer.write({
        gigs: new Map<string, FactsUpdate<'gigs'>>([
          ['ada@example.com', (cur) => ({ ...cur!, subs: {} })],
          ['bo@example.com', () => gigs('usr_2', 'bo@example.com', 'Bo Ek', { sub_M: { s: 'active', pl: 'pln_1' } })],
        ]),
      });
      expect(await search(index, 'sub_M')).toEqual(['bo@example.com']);
      const [{ seq }] = await rows<{ seq: number }>(engine, 'SELECT seq FROM customers WHERE email_key = $1', ['bo@example.com']);
      expect(await rows(engine, `SELECT system, customer_seq FROM indexed_subscriptions WHERE system = 'gigs'`)).toEqual([
        { system: 'gigs', customer_seq: seq },
      ]);
    });

    it('writes nothing when a row was written after the time the caller decided on, and writes when it was not', async () => {
      const { writer, index } = await fresh();
      await writer.write({ gigs: new Map([['ada@example.com', () => gigs('usr_1', 'ada@example.com', 'Ada Lind')]]) });
      const seen = (await writer.gigsRowsOf('usr_1', 'ada@example.com'))[0]!.updatedAt;
      later(1000);
      await writer.write({ gigs: new Map([['ada@example.com', (cur) => ({ ...cur!, n: 'Ada Refreshed' })]]) });
      const rename = new Map([['ada@example.com', (cur: GigsFacts | undefined) => ({ ...cur!, n: 'Ada From Event' })]]);
      expect(await writer.write({ gigs: rename }, new Map([['ada@example.com', seen]]))).toBeNull();
      expect(await search(index, 'Ada Refreshed')).toEqual(['ada@example.com']);
      // No row yet was what the caller saw, and someone made one since: nothing is written either.
      expect(
        await writer.write({ gigs: new Map([['cy@example.com', () => gigs('usr_3', 'cy@example.com', 'Cy')]]) }, new Map([['ada@example.com', null]])),
      ).toBeNull();
      const now = (await writer.gigsRowsOf('usr_1', null))[0]!.updatedAt;
      expect(await writer.write({ gigs: rename }, new Map([['ada@example.com', now]]))).toBe(1);
      expect(await search(index, 'Ada From Event')).toEqual(['ada@example.com']);
    });
    it('a write of what the upstreams said just now counts as a write even when the facts come out the same', async () => {
      const { writer, index } = await fresh();
      const facts = gigs('usr_1', 'ada@example.com', 'Ada Lind');
      await writer.write({ gigs: new Map([['ada@example.com', () => facts]]) });
      const seen = (await writer.gigsRowsOf('usr_1', null))[0]!.updatedAt;
      const refreshedAt = later(1000);
      expect(await writer.write({ gigs: new Map([['ada@example.com', () => facts]]) }, undefined, { readLive: true })).toBe(0);
      expect((await index.byId(customerIdFor('ada@example.com')))?.updatedAt).toBe(refreshedAt);
      // An event decided before that read is not written over it.
      expect(await writer.write({ gigs: new Map([['ada@example.com', (cur) => ({ ...cur!, n: 'Stale' })]]) }, new Map([['ada@example.com', seen]]))).toBeNull();
    });

    it('a write of the same facts mends what the row derived wrongly: a column, the search text, a lost or altered indexed subscription', async () => {
      const { engine, writer, index } = await fresh();
      const facts = gigs('usr_1', 'ada@example.com', 'Ada Lind', { sub_A1: { s: 'active', pl: 'pln_1' } });
      await writer.write({ gigs: new Map([['ada@example.com', () => facts]]) });
      const written = await rows<Record<string, unknown>>(engine, 'SELECT name, search_text, search_keys, gigs_live FROM customers');
      const same = { gigs: new Map([['ada@example.com', (cur: GigsFacts | undefined) => cur ?? null]]) };
      const mended = async (damage: string) => {
        await rows(engine, damage);
        expect(await writer.write(same)).toBe(0);
        expect(await rows(engine, 'SELECT name, search_text, search_keys, gigs_live FROM customers')).toEqual(written);
      };
      await mended(`UPDATE customers SET name = 'Wrong'`);
      await mended('UPDATE customers SET gigs_live = 0');
      await mended(`DELETE FROM indexed_subscriptions WHERE id = 'sub_A1'`);
      expect(await rows(engine, 'SELECT id, plan_id FROM indexed_subscriptions')).toEqual([{ id: 'sub_A1', plan_id: 'pln_1' }]);
      await mended(`UPDATE indexed_subscriptions SET plan_id = 'pln_9'`);
      expect(await rows(engine, 'SELECT id, plan_id FROM indexed_subscriptions')).toEqual([{ id: 'sub_A1', plan_id: 'pln_1' }]);
      await mended(`UPDATE customers SET search_text = 'nobody'`);
      expect(await search(index, 'Ada Lind')).toEqual(['ada@example.com']);
    });

    it('a refresh that finds what the index has moves only the rows’ updated_at, for every person it names', async () => {
      const { engine, writer } = await fresh();
      const ada = gigs('usr_1', 'ada@example.com', 'Ada Lind', { sub_A1: { s: 'active', pl: 'pln_1' } });
      const bo = gigs('usr_2', 'bo@example.com', 'Bo Berg');
      await writer.write({
        gigs: new Map([
          ['ada@example.com', () => ada],
          ['bo@example.com', () => bo],
        ]),
      });
      const columns = 'SELECT email_key, name, search_text, search_keys, gigs, updated_at FROM customers ORDER BY email_key';
      const before = await rows<Record<string, unknown>>(engine, columns);
      const refreshedAt = later(1000);
      const refresh = new Map([
        ['ada@example.com', () => ada],
        ['bo@example.com', () => bo],
      ]);
      expect(await writer.write({ gigs: refresh }, undefined, { readLive: true })).toBe(0);
      const after = await rows<Record<string, unknown>>(engine, columns);
      expect(after.map(({ updated_at, ...rest }) => rest)).toEqual(before.map(({ updated_at, ...rest }) => rest));
      expect(after.map((r) => new Date(r.updated_at as string).toISOString())).toEqual([refreshedAt, refreshedAt]);
    });
  });

  describe('what the change feeds look up', () => {
    it('finds rows by Gigs user, by Centra customer and by a contract or subscription id among the exact keys', async () => {
      const { writer } = await fresh();
      await writer.write({
        gigs: new Map([['ada@example.com', () => gigs('usr_1', 'ada@example.com', 'Ada Lind')]]),
        centra: new Map([['ada@example.com', () => centra('7', 'ada@example.com', { '31': { subs: { '301': 'active' } } })]]),
      });
      await writer.write({ gigs: new Map([['bo@example.com', () => gigs('usr_2', 'bo@example.com', 'Bo Ek')]]) });
      expect((await writer.gigsRowsOf('usr_1', 'bo@example.com')).map((r) => r.key).sort()).toEqual(['ada@example.com', 'bo@example.com']);
      expect((await writer.gigsRowsOf('usr_1', null))[0]).toMatchObject({ key: 'ada@example.com', gigs: { u: 'usr_1', n: 'Ada Lind' } });
      expect(await writer.centraRowsOfCustomer('7')).toEqual([
        { key: 'ada@example.com', centra: centra('7', 'ada@example.com', { '31': { subs: { '301': 'active' } } }) },
      ]);
      expect((await writer.centraRowsWithKey('31')).map((r) => r.key)).toEqual(['ada@example.com']);
      expect((await writer.centraRowsWithKey('301')).map((r) => r.key)).toEqual(['ada@example.com']);
      expect(await writer.centraRowsOfCustomer('8')).toEqual([]);
    });

    it('keeps only the Gigs parts an incremental crawl read that change what the index says', async () => {
      const { writer } = await fresh();
      const user = { id: 'usr_1', email: 'ada@example.com', fullName: 'Ada Lind' };
      const sub = { id: 'sub_A1', status: 'active', user, plan: 'pln_1' };
      await writer.write({ gigs: new Map([['ada@example.com', () => gigs('usr_1', 'ada@example.com', 'Ada Lind', { sub_A1: subscriptionPartFacts(sub) })]]) });
      const parts = [userPart(user), subscriptionPart(sub)!, subscriptionPart({ ...sub, status: 'canceled' })!, userPart({ ...user, fullName: 'Ada Berg' })];
      const kept = await writer.gigsPartsThatChange(
        parts.map(() => 'ada@example.com'),
        parts.map((p) => JSON.stringify(p)),
      );
      expect(kept.parts.map((p) => JSON.parse(p))).toEqual([parts[2], parts[3]]);
    });
  });

  describe('after a complete full crawl', () => {
    it('forgets what a system no longer says about people it did not mention, leaves rows written since, and builds them', async () => {
      const { writer, index } = await fresh();
      await writer.write({
        gigs: new Map([
          ['ada@example.com', () => gigs('usr_1', 'ada@example.com', 'Ada Lind')],
          ['bo@example.com', () => gigs('usr_2', 'bo@example.com', 'Bo Ek')],
          ['cy@example.com', () => gigs('usr_3', 'cy@example.com', 'Cy Ek')],
        ]),
        centra: new Map([['bo@example.com', () => centra('8', 'bo@example.com')]]),
      });
      const since = later(1000);
      later(1000);
      await writer.write({ gigs: new Map([['cy@example.com', (cur) => ({ ...cur!, n: 'Cy Refreshed' })]]) });
      expect(await writer.forgetUnseen({ gigs: new Set(['ada@example.com']), centra: new Set() }, since)).toBe(1);
      expect(await writer.buildAll()).toBe(1);
      const bo = await index.byId(customerIdFor('bo@example.com'));
      expect(bo?.systems).toEqual([]);
      expect(bo?.gigs).toBeNull();
      expect(await search(index, 'bo@example.com')).toEqual(['bo@example.com']);
      expect((await index.byId(customerIdFor('cy@example.com')))?.systems).toEqual(['gigs']);
      expect((await index.byId(customerIdFor('ada@example.com')))?.systems).toEqual(['gigs']);
    });
  });

  describe("a crawl's staged build", () => {
    it('builds what was staged into people staff can find, consumes the stage, and changes nothing when the same parts come again', async () => {
      const { index, crawl, engine } = await fresh();
      const ada = { id: 'usr_1', email: 'ada@example.com', fullName: 'Ada Lind' };
      const parts = [
        userPart(ada),
        subscriptionPart({ id: 'sub_A1', status: 'active', user: ada, plan: 'pln_1' })!,
        customerPart({ customerId: 7, email: 'ada@example.com', firstName: 'Ada', lastName: 'Lind', phoneNumber: '+46 70 123 45 67' }),
      ];
      const stage = async () => {
        const id = await crawl.ledger.begin('full', clock.toISOString(), false);
        await crawl.ledger.stageBatch(
          'gigs.users',
          { keys: parts.map(() => 'ada@example.com'), parts: parts.map((p) => JSON.stringify(p)) },
          { cursor: null, items: 3, done: true },
          clock.toISOString(),
        );
        return id;
      };
      await stage();
      expect(await crawl.ledger.buildStaged()).toBe(1);
      expect(await rows(engine, 'SELECT count(*) AS n FROM crawl_stage_batches')).toEqual([{ n: 0 }]);
      for (const q of ['Ada Lind', '0701234567', 'sub_A1', 'usr_1']) expect(await search(index, q)).toEqual(['ada@example.com']);
      expect((await index.byId(customerIdFor('ada@example.com')))?.systems.sort()).toEqual(['centra', 'gigs']);
      await stage();
      expect(await crawl.ledger.buildStaged()).toBe(0);
    });
  });
}

/** The facts a subscription part carries, as the index keeps them. */
function subscriptionPartFacts(sub: Parameters<typeof subscriptionPart>[0]): GigsFacts['subs'][string] {
  const part = subscriptionPart(sub)!;
  if (part.t !== 'gs') throw new Error('a subscription part was expected');
  return part.f;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../db/connection.ts';
import { CustomerStore } from '../../../server/customers/index/store.ts';
import { SqliteIndexWriter } from '../../../server/customers/index/writer/sqlite.ts';
import { centraContractUpdates, gigsSubscriptionUpdates } from '../../../server/customers/index/facts.ts';
import { customerIdFor, emailKey } from '../../../server/customers/normalise.ts';
import { createCustomerIndexStore, type CustomerIndexStore } from '../../../server/customers/store/index.ts';
import type { CentraFacts, GigsFacts } from '../../../server/customers/types.ts';
import { person } from '../../../server/sandbox/people.ts';
import type { EngineMaker } from '../engines.ts';
import { seedIndex } from '../customers-fixture.ts';
import { copyIndexToPostgres } from '../pg-index.ts';

export const PEOPLE = 40;
const people = Array.from({ length: PEOPLE }, (_, i) => ({ i, ...person(i) }));
const inGigs = people.filter((p) => p.inGigs);
const inCentra = people.filter((p) => p.inCentra);
export const idOf = (i: number) => customerIdFor(emailKey(person(i).email));

/** Subscriptions with plans and dates beside the fixture's own (which have none), for the plans pages' counts. */
function addDatedSubscriptions(store: CustomerStore) {
  const [a, b] = inGigs;
  const user = (p: typeof a) => ({ id: `usr_${p!.i}`, email: p!.email });
  store.merge(
    'gigs',
    gigsSubscriptionUpdates([
      { id: 'sub_dated_1', status: 'active', plan: 'pln_a', createdAt: '2030-01-02T10:00:00.000Z', user: user(a) },
      { id: 'sub_dated_2', status: 'ended', plan: 'pln_a', createdAt: '2030-01-03T10:00:00.000Z', canceledAt: '2030-01-05T00:00:00.000Z', user: user(b) },
    ]),
  );
  const c = inCentra[0]!;
  store.merge(
    'centra',
    centraContractUpdates([
      {
        customerId: 1000 + c.i,
        email: c.centraEmail,
        contract: {
          id: 7000,
          subscriptions: [
            { id: 7100, status: 'active', plan: { id: 3 }, discount: 10, createdAt: '2030-01-04 08:00:00' },
            { id: 7101, status: 'cancelled' },
          ],
        },
      },
    ]),
  );
  store.buildSome(1_000_000);
}

/** The fixture's index in a SQLite database: the engine's own, or a scratch one to copy from. */
async function seed(db: Db) {
  const store = new CustomerStore(db);
  await seedIndex(new SqliteIndexWriter(store), PEOPLE);
  addDatedSubscriptions(store);
}

/**
 * What the customer index's store must answer on any engine (server/customers/store/types.ts),
 * over the same 40 people (test/helpers/customers-fixture.ts) and a few dated subscriptions.
 */
export function customerIndexContract(make: EngineMaker) {
  let close: () => Promise<void>;
  let store: CustomerIndexStore;

  beforeAll(async () => {
    const made = await make();
    close = made.close;
    const { engine } = made;
    if (engine.kind === 'sqlite') await seed(engine.db);
    else {
      const scratch = openDatabase(':memory:');
      await seed(scratch);
      await copyIndexToPostgres(scratch, engine.db);
      scratch.$client.close();
    }
    store = createCustomerIndexStore(engine);
  });
  afterAll(() => close?.());

  const ask = (q: string) => store.list({ filter: { q }, sort: { field: 'name', order: 'ASC' }, start: 0, limit: 25 });

  describe('search', () => {
    it('finds a person by whole e-mail (exact, an e-mail), by phone (exact, a phone) and by a subscription id (exact, an id)', async () => {
      const g = inGigs[0]!;
      const byEmail = await ask(g.email.toUpperCase());
      expect(byEmail.total).toBe(1);
      expect(byEmail.rows[0]).toMatchObject({ id: idOf(g.i), exact: true, exactKind: 'email', systems: expect.arrayContaining(['gigs']) });
      const byPhone = await ask(g.phone);
      expect(byPhone.rows.find((r) => r.id === idOf(g.i))).toMatchObject({ exact: true, exactKind: 'phone' });
      const bySub = await ask(`sub_${g.i}`);
      expect(bySub.rows[0]).toMatchObject({ id: idOf(g.i), exact: true, exactKind: 'id' });
    });

    it('finds a name by part of it, in any case, and lists the rest as the list shows them', async () => {
      const p = people[3]!;
      const page = await ask(p.lastName.slice(0, 5).toLowerCase());
      expect(page.rows.map((r) => r.id)).toContain(idOf(3));
      const row = page.rows.find((r) => r.id === idOf(3))!;
      expect(row).toMatchObject({ name: p.fullName, exact: false, exactKind: null });
      expect(row.emails.map((e) => e.toLowerCase())).toContain(p.email.toLowerCase());
    });

    it('browses with filters, in order, counting every match', async () => {
      const all = await store.list({ filter: {}, sort: { field: 'id', order: 'ASC' }, start: 0, limit: 100 });
      expect(all.total).toBe(PEOPLE);
      expect(all.capped).toBe(false);
      expect(all.rows.map((r) => r.id)).toEqual(people.map((p) => idOf(p.i)).sort());
      const gigsOnly = await store.list({ filter: { system: 'gigs' }, sort: { field: 'id', order: 'DESC' }, start: 0, limit: 100 });
      expect(gigsOnly.rows.map((r) => r.id)).toEqual(
        inGigs
          .map((p) => idOf(p.i))
          .sort()
          .reverse(),
      );
      const some = await store.list({ filter: { id: [idOf(1), idOf(2), 'cus_unknown'] }, sort: { field: 'id', order: 'ASC' }, start: 0, limit: 10 });
      expect(some.rows.map((r) => r.id)).toEqual([idOf(1), idOf(2)].sort());
      const country = inCentra[0]!.country;
      const byCountry = await store.list({ filter: { country: country.toLowerCase() }, sort: { field: 'id', order: 'ASC' }, start: 0, limit: 100 });
      expect(byCountry.rows.length).toBeGreaterThan(0);
      for (const r of byCountry.rows) expect(r.countries).toContain(country);
    });

    it("gives one person's row with both systems' facts, and null for an unknown id", async () => {
      const c = inCentra[0]!;
      const row = (await store.byId(idOf(c.i)))!;
      expect(row).toMatchObject({ id: idOf(c.i), emailKey: emailKey(c.email), exact: false, exactKind: null });
      expect(Object.keys((JSON.parse(row.centra!) as CentraFacts).k)).toEqual(expect.arrayContaining([String(5000 + c.i), '7000']));
      expect(await store.byId('cus_aaaaaaaaaaaaaaaaaaaa')).toBeNull();
    });
  });

  describe('lookups', () => {
    it('a person by id, with their facts', async () => {
      const g = inGigs[0]!;
      const row = (await store.factsById(idOf(g.i)))!;
      expect(row).toMatchObject({ id: idOf(g.i), emailKey: emailKey(g.email), name: g.fullName });
      expect((JSON.parse(row.gigs!) as GigsFacts).u).toBe(`usr_${g.i}`);
      expect(await store.factsById('cus_aaaaaaaaaaaaaaaaaaaa')).toBeNull();
    });

    it('the people holding an exact key (a Centra contract id, a subscription id), and none for a key no one has', async () => {
      const c = inCentra[1]!;
      for (const key of [String(5000 + c.i), String(9000 + c.i)]) {
        const rows = await store.factsByKey(key);
        expect(rows.map((r) => r.id)).toContain(idOf(c.i));
        expect(JSON.parse(rows.find((r) => r.id === idOf(c.i))!.centra!) as CentraFacts).toHaveProperty(['k', String(5000 + c.i)]);
      }
      expect(await store.factsByKey('no-such-key')).toEqual([]);
    });

    it('the customer a Gigs user is', async () => {
      const g = inGigs[2]!;
      expect(await store.customerIdForGigsUser(`usr_${g.i}`)).toBe(idOf(g.i));
      expect(await store.customerIdForGigsUser('usr_nobody')).toBeNull();
    });
  });

  describe('counts', () => {
    it('people and subscriptions per system', async () => {
      expect(await store.counts()).toEqual({
        customers: PEOPLE,
        // Each Gigs person has sub_i (active); two have one dated subscription more, one of them active.
        gigs: { customers: inGigs.length, subscriptions: inGigs.length + 2, live: inGigs.length + 1 },
        // Each Centra person has contract 5000+i with one subscription (paused, live); the first has
        // contract 7000 with two, one active.
        centra: { customers: inCentra.length, contracts: inCentra.length + 1, subscriptions: inCentra.length + 2, live: inCentra.length + 1 },
      });
    });
  });

  describe('what the plans pages count', () => {
    it('plan_stats after a recount, and when it was counted', async () => {
      expect(await store.planStatsAsOf()).toBeNull();
      expect(await store.recomputePlanStats('2030-01-06T00:00:00.000Z')).toBeGreaterThan(0);
      expect(await store.planStatsAsOf()).toBe('2030-01-06T00:00:00.000Z');
      const rows = await store.planStats();
      expect(rows).toEqual(
        expect.arrayContaining([
          { system: 'gigs', planId: 'pln_a', status: 'active', subscriptions: 1, averageDiscount: null },
          { system: 'gigs', planId: 'pln_a', status: 'ended', subscriptions: 1, averageDiscount: null },
          { system: 'centra', planId: '3', status: 'active', subscriptions: 1, averageDiscount: 10 },
        ]),
      );
    });

    it('Centra subscriptions without a plan, by status', async () => {
      const planless = await store.planlessCentra();
      const byStatus = Object.fromEntries(planless.map((r) => [r.status, r.n]));
      expect(byStatus).toEqual({ paused: inCentra.length, cancelled: 1 });
    });

    it('subscriptions created and (Gigs) cancelled in a range, its end left out', async () => {
      expect(await store.created('gigs', '2030-01-01', '2030-01-03')).toBe(1);
      expect(await store.created('gigs', '2030-01-01', '2030-01-04')).toBe(2);
      expect(await store.created('centra', '2030-01-04', '2030-01-05')).toBe(1);
      expect(await store.created('centra', '2030-01-05', '2030-01-06')).toBe(0);
      expect(await store.gigsCancelled('2030-01-05', '2030-01-06')).toBe(1);
      expect(await store.gigsCancelled('2030-01-01', '2030-01-05')).toBe(0);
    });
  });
}

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../db/connection.ts';
import { CustomerStore } from '../server/customers/index/store.ts';
import { SqliteIndexWriter } from '../server/customers/index/writer/sqlite.ts';
import type { CustomerFilter, CustomerSort } from '../server/customers/search/search.ts';
import { SqliteCustomerSearch } from '../server/customers/store/sqlite-search.ts';
import { customerIdFor, emailKey, fold } from '../server/customers/normalise.ts';
import { person } from '../server/sandbox/people.ts';
import { PgCustomerSearch } from '../server/storage/pg/search.ts';
import { TrigramSample } from '../server/storage/pg/trigram-sample.ts';
import { seedIndex } from './helpers/customers-fixture.ts';
import { copyIndexToPostgres } from './helpers/pg-index.ts';
import { comparable, comparableRow } from './helpers/search-compare.ts';
import { testDatabase, type TestDatabase } from './helpers/postgres.ts';

/**
 * Search on PostgreSQL finds what search on SQLite finds: the same 400 people (test/search.test.ts's
 * fixture), copied with their seqs, asked the same things. test/search.test.ts says what SQLite must
 * find; here every answer must be SQLite's, row for row, in the same order.
 */
const PEOPLE = 400;
let t: TestDatabase;
let lite: SqliteCustomerSearch;
let pg: PgCustomerSearch;

beforeAll(async () => {
  const db = openDatabase(':memory:');
  await seedIndex(new SqliteIndexWriter(new CustomerStore(db)), PEOPLE);
  lite = new SqliteCustomerSearch(db);
  t = await testDatabase();
  expect(await copyIndexToPostgres(db, t.db)).toBe(PEOPLE);
  pg = new PgCustomerSearch(t.db);
});
afterAll(() => t.drop());

type Ask = { q?: string; filter?: CustomerFilter; sort?: CustomerSort; start?: number; limit?: number };
const args = (a: Ask) => ({
  filter: { ...a.filter, ...(a.q === undefined ? {} : { q: a.q }) },
  sort: a.sort ?? { field: 'name' as const, order: 'ASC' as const },
  start: a.start ?? 0,
  limit: a.limit ?? 25,
});
async function same(a: Ask) {
  const expected = lite.list(args(a));
  const got = await pg.list(args(a));
  expect(comparable(got), JSON.stringify(a)).toEqual(comparable(expected));
  return got;
}

const zoe = person(0);
const zoeId = customerIdFor(emailKey(zoe.email));

describe('search on PostgreSQL answers as on SQLite', () => {
  it('names, regardless of accents, case and spacing, and not a word only across a joined name', async () => {
    for (const q of [
      'zoe angstrom',
      'Zoë Ångström',
      'ZOE ANGSTROM',
      'zoeangstrom',
      'angstrom zoe',
      'ångs',
      'angström',
      'zo angstrom',
      'ethangarcia',
      'hangar',
    ]) {
      expect(
        (await same({ q })).rows.map((r) => r.id),
        q,
      ).toContain(q === 'ethangarcia' || q === 'hangar' ? customerIdFor(emailKey(person(115).email)) : zoeId);
    }
    const ang = await same({ q: 'ang' });
    expect(ang.rows.length).toBeGreaterThan(0);
    expect(ang.rows.map((r) => r.id)).not.toContain(customerIdFor(emailKey(person(115).email)));
    for (const r of ang.rows)
      expect(
        `${fold(r.name ?? '')} ${r.emails.join(' ').toLowerCase()}`.split(' ').some((w) => w.includes('ang')),
        r.name ?? '',
      ).toBe(true);
  });

  it('e-mails whole, by prefix and by substring, any case, the exact one first', async () => {
    const whole = await same({ q: zoe.email.toUpperCase() });
    expect(whole.rows[0]).toMatchObject({ id: zoeId, exact: true, exactKey: emailKey(zoe.email) });
    expect(whole.total).toBe(1);
    for (const q of ['zoe.angstrom0@', 'angstrom0@exam', 'example.com', '@exam']) await same({ q });
  });

  it('phone numbers in any format, and their last digits', async () => {
    const digits = zoe.phone.slice(1);
    const national = digits.slice(2);
    for (const q of [zoe.phone, `+${digits.slice(0, 2)} ${national.slice(0, 2)} ${national.slice(2, 5)} ${national.slice(5)}`, national, `0${national}`]) {
      expect(
        (await same({ q })).rows.map((r) => r.id),
        q,
      ).toContain(zoeId);
    }
    const tail = person(345).phone.slice(-7);
    for (const q of [tail.slice(-5), `${tail.slice(0, 3)}-${tail.slice(3)}`, tail, '12', '1234']) await same({ q });
    const us = Array.from({ length: PEOPLE }, (_, i) => person(i)).find((p) => p.country === 'US')!;
    const n = us.phone.slice(2);
    for (const q of [
      `+1 ${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`,
      n,
      `${n.slice(3, 6)}-${n.slice(6)}`,
      `(${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6)}`,
    ])
      await same({ q });
  });

  it('ids of every system exactly and by prefix, short numbers too', async () => {
    for (const q of ['usr_0', 'sub_0', 'SIM_0', '8988307000000000000', '1000', '5000', '9000', zoeId])
      expect((await same({ q })).rows[0], q).toMatchObject({ id: zoeId, exact: true });
    for (const q of ['usr_1', 'sub_3', '89883070000000000', '10', '50', '900', 'cus_', 'usr']) await same({ q });
  });

  it('one or two characters as a prefix of names and e-mails', async () => {
    for (const q of ['zo', 'a', 'Ø', 'z.']) await same({ q });
    expect((await same({ q: 'zo' })).rows.length).toBeGreaterThan(0);
  });

  it('queries that match more than the cap, and wildcard characters taken literally', async () => {
    for (const q of ['e', 'an', '100%', 'a_b', 'o\\', 'nothing-like-this']) await same({ q });
  });

  it('filters, sorts and pages, with and without a query', async () => {
    const gigsOnly = Array.from({ length: PEOPLE }, (_, i) => person(i)).find((p) => p.inGigs && !p.inCentra)!;
    for (const system of ['gigs', 'centra', 'both'] as const) await same({ q: gigsOnly.email, filter: { system } });
    for (const filter of [{ country: 'se' }, { country: 'US' }, { hasActive: true }, { hasActive: false }, { system: 'both' as const, country: 'de' }]) {
      await same({ q: 'zoe angstrom', filter });
      await same({ q: 'an', filter });
      await same({ filter });
    }
    for (const field of ['name', 'id', 'email'] as const) {
      for (const order of ['ASC', 'DESC'] as const) {
        await same({ sort: { field, order }, start: 10, limit: 10 });
        await same({ q: 'ma', sort: { field, order }, start: 5, limit: 10 });
        await same({ q: 'son', sort: { field, order } });
      }
    }
    const many = await same({ filter: { id: [zoeId, customerIdFor(emailKey(person(3).email))] } });
    expect(many.rows).toHaveLength(2);
    expect((await same({})).total).toBe(PEOPLE);
  });

  it('what agents type, over the whole fixture', async () => {
    for (let i = 0; i < PEOPLE; i += 9) {
      const p = person(i);
      for (const q of [
        p.fullName,
        p.email.slice(0, p.email.indexOf('@') - 1),
        `${fold(p.firstName)} ${p.lastName.slice(0, 4)}`,
        p.phone.slice(-7),
        p.centraEmail,
      ])
        await same({ q });
    }
  });

  it('counts the trigrams of the search text its index is given, and takes the sample again when stale', async () => {
    const texts = (await t.db.$client.query<{ text: string }>('SELECT search_text AS text FROM customers WHERE search_text IS NOT NULL')).rows.map(
      (r) => r.text,
    );
    const holding = (trigram: string) => texts.filter((text) => text.split(/[^a-z0-9]/).some((run) => run.includes(trigram))).length;
    const sample = new TrigramSample(t.db, 10_000, 0);
    const counts = await sample.counts();
    // Fewer people than the sample's size: every row is read, so the counts are exact.
    for (const trigram of ['ang', 'son', 'com', '467']) expect(counts.get(trigram), trigram).toBe(holding(trigram));
    expect(counts.has('e.c')).toBe(false);
    await t.db.$client.query(`UPDATE customers SET search_text = search_text || ' qqqxyz' WHERE seq = (SELECT min(seq) FROM customers)`);
    try {
      expect((await sample.counts()).get('qqq')).toBeUndefined(); // the stale sample answers while the next is taken
      await vi.waitFor(async () => expect((await sample.counts()).get('qqq')).toBe(1));
    } finally {
      await t.db.$client.query(`UPDATE customers SET search_text = replace(search_text, ' qqqxyz', '') WHERE seq = (SELECT min(seq) FROM customers)`);
    }
  });

  it('reads one customer by id', async () => {
    const row = await pg.byId(zoeId);
    const expected = lite.byId(zoeId)!;
    expect(comparableRow(row!)).toEqual(comparableRow(expected));
    expect({ emailKey: row!.emailKey, gigs: JSON.parse(row!.gigs!), centra: JSON.parse(row!.centra!) }).toEqual({
      emailKey: expected.emailKey,
      gigs: JSON.parse(expected.gigs!),
      centra: JSON.parse(expected.centra!),
    });
    expect(await pg.byId('cus_nobody')).toBeNull();
  });
});

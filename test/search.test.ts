import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connection.ts';
import { CustomerStore } from '../server/customers/index/store.ts';
import { SqliteIndexWriter } from '../server/customers/index/writer/sqlite.ts';
import type { CustomerFilter } from '../server/customers/search/search.ts';
import { SqliteCustomerSearch } from '../server/customers/store/sqlite-search.ts';
import { customerIdFor, emailKey, fold } from '../server/customers/normalise.ts';
import { occursAsMeant, parseQuery } from '../server/customers/search/query.ts';
import { person } from '../server/sandbox/people.ts';
import { seedIndex } from './helpers/customers-fixture.ts';

const zoe = person(0); // Zoë Ångström, in both systems, +46 7...
let search: SqliteCustomerSearch;

const find = (q: string, filter: CustomerFilter = {}) => search.list({ filter: { q, ...filter }, sort: { field: 'name', order: 'ASC' }, start: 0, limit: 25 });
const ids = (q: string, filter: CustomerFilter = {}) => find(q, filter).rows.map((r) => r.id);
const zoeId = customerIdFor(emailKey(zoe.email));

beforeAll(async () => {
  const db = openDatabase(':memory:');
  await seedIndex(new SqliteIndexWriter(new CustomerStore(db)), 400);
  search = new SqliteCustomerSearch(db);
});

describe('normalisation', () => {
  it('folds accents, case and special letters', () => {
    expect(fold('Zoë Ångström')).toBe('zoe angstrom');
    expect(fold('Łukasz Weiß')).toBe('lukasz weiss');
    expect(fold('  SØREN  ')).toBe('soren');
  });
  it('reads digit-like queries as phone digits', () => {
    expect(parseQuery('+1 959 123 4567')).toMatchObject({ exact: '19591234567', groups: [['19591234567']] });
    expect(parseQuery('123-4567')).toMatchObject({ groups: [['1234567']] });
    expect(parseQuery('070 000 0000')!.groups[0]).toEqual(['0700000000', '700000000']);
  });
  it('gives an e-mail key and a stable opaque id', () => {
    expect(emailKey('  Zoe.Angstrom0@Example.COM ')).toBe('zoe.angstrom0@example.com');
    expect(customerIdFor('a@b.c')).toMatch(/^cus_[a-z2-7]{20}$/);
    expect(customerIdFor('a@b.c')).toBe(customerIdFor('a@b.c'));
  });
});

describe('search by each kind of key', () => {
  it('finds a name regardless of accents, case and spacing', () => {
    for (const q of ['zoe angstrom', 'Zoë Ångström', 'ZOE ANGSTROM', 'zoeangstrom', 'angstrom zoe', 'ångs']) expect(ids(q), q).toContain(zoeId);
  });
  it('finds a name typed without its space, but not a word that only appears across that space', () => {
    // "ethangarcia" (Ethan García typed without the space) holds "ang", which no word of his has.
    const ethan = person(115);
    expect(fold(ethan.fullName!)).toBe('ethan garcia');
    const ethanId = customerIdFor(emailKey(ethan.email));
    expect(ids('ethangarcia')).toContain(ethanId);
    expect(ids('hangar')).toContain(ethanId);
    expect(ids('ang')).not.toContain(ethanId);
    const hits = find('ang').rows;
    expect(hits.length).toBeGreaterThan(0);
    for (const r of hits)
      expect(
        `${fold(r.name ?? '')} ${r.emails.join(' ').toLowerCase()}`.split(' ').some((w) => w.includes('ang')),
        r.name ?? '',
      ).toBe(true);
  });
  it('counts a word across the space of a name only with two characters on each side', () => {
    const text = 'zoe angstrom zoeangstrom zoe.angstrom0@example.com 46710000000 maria del mar mariadelmar';
    for (const w of ['zoeang', 'oeang', 'oean', 'angs', 'example', '4671', 'iadel', 'elmar']) expect(occursAsMeant(text, w), w).toBe(true);
    for (const w of ['zoea', 'eang', 'adelm', 'oeangstromz']) expect(occursAsMeant(text, w), w).toBe(false);
  });
  it('finds first or last name alone, and a short first word with a long one', () => {
    expect(ids('angström')).toContain(zoeId);
    expect(ids('zo angstrom')).toContain(zoeId);
  });
  it('finds an e-mail by whole, prefix and substring, any case, exact first', () => {
    const r = find(zoe.email.toUpperCase());
    expect(r.rows[0]).toMatchObject({ id: zoeId, exact: true });
    expect(r.total).toBe(1);
    expect(ids('zoe.angstrom0@')).toContain(zoeId);
    expect(ids('angstrom0@exam')).toContain(zoeId);
  });
  it('finds a phone number in any format, including the last digits', () => {
    const digits = zoe.phone.slice(1); // 46 7 0000 0000 style
    const national = digits.slice(2);
    for (const q of [zoe.phone, `+${digits.slice(0, 2)} ${national.slice(0, 2)} ${national.slice(2, 5)} ${national.slice(5)}`, national, `0${national}`]) {
      expect(ids(q), q).toContain(zoeId);
    }
    // Last digits: Zoë's end in zeros shared by many, so take someone with a distinctive ending.
    const p = person(345);
    const id = customerIdFor(emailKey(p.email));
    const tail = p.phone.slice(-7);
    for (const q of [tail.slice(-5), `${tail.slice(0, 3)}-${tail.slice(3)}`, tail]) expect(ids(q), q).toContain(id);
  });
  it('finds US numbers written the usual ways', () => {
    const us = Array.from({ length: 400 }, (_, i) => person(i)).find((p) => p.country === 'US')!;
    const id = customerIdFor(emailKey(us.email));
    const n = us.phone.slice(2); // 959xxxxxxx
    for (const q of [
      `+1 ${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`,
      n,
      `${n.slice(3, 6)}-${n.slice(6)}`,
      `(${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6)}`,
    ])
      expect(ids(q), q).toContain(id);
  });
  it('finds Gigs user, subscription, SIM ids and ICCIDs', () => {
    for (const q of ['usr_0', 'sub_0', 'SIM_0', '8988307000000000000']) expect(find(q).rows[0], q).toMatchObject({ id: zoeId, exact: true });
  });
  it('finds Centra customer, contract and subscription ids exactly, even short numbers', () => {
    for (const q of ['1000', '5000', '9000']) expect(find(q).rows[0], q).toMatchObject({ id: zoeId, exact: true });
  });
  it('says which kind of exact key matched: only an e-mail or an id may open the customer by itself', () => {
    expect(find(zoe.email.toUpperCase()).rows[0]).toMatchObject({ id: zoeId, exactKind: 'email' });
    for (const q of ['usr_0', '5000', zoeId]) expect(find(q).rows[0], q).toMatchObject({ id: zoeId, exactKind: 'id' });
    expect(
      find(zoe.phone).rows.find((r) => r.id === zoeId),
      zoe.phone,
    ).toMatchObject({ exact: true, exactKind: 'phone' });
    expect(find('zoe angstrom').rows.find((r) => r.id === zoeId)).toMatchObject({ exact: false, exactKind: null });
  });
  it('finds subdesk ids', () => {
    expect(find(zoeId).rows[0]).toMatchObject({ id: zoeId, exact: true });
  });
  it('falls back to a prefix for one or two letters', () => {
    const r = find('zo');
    expect(r.rows.length).toBeGreaterThan(0);
    for (const row of r.rows) expect(fold(row.name!).startsWith('zo') || row.email!.startsWith('zo')).toBe(true);
  });
});

describe('filters and paging', () => {
  it('filters by system, live subscription and country', () => {
    const gigsOnly = Array.from({ length: 400 }, (_, i) => person(i)).find((p) => p.inGigs && !p.inCentra)!;
    const id = customerIdFor(emailKey(gigsOnly.email));
    expect(ids(gigsOnly.email, { system: 'gigs' })).toContain(id);
    expect(ids(gigsOnly.email, { system: 'centra' })).not.toContain(id);
    expect(ids(gigsOnly.email, { system: 'both' })).not.toContain(id);
    expect(ids('zoe angstrom', { country: 'se' })).toContain(zoeId);
    expect(ids('zoe angstrom', { country: 'US' })).not.toContain(zoeId);
    expect(ids('zoe angstrom', { hasActive: true })).toContain(zoeId);
    expect(ids('zoe angstrom', { hasActive: false })).not.toContain(zoeId);
  });
  it('lists without a query, sorted, with a total', () => {
    const r = search.list({ filter: {}, sort: { field: 'name', order: 'ASC' }, start: 0, limit: 10 });
    expect(r.rows).toHaveLength(10);
    expect(r.total).toBe(400);
    const names = r.rows.map((x) => fold(x.name!));
    expect([...names].sort()).toEqual(names);
  });
  it('answers getMany by ids', () => {
    const r = search.list({ filter: { id: [zoeId] }, sort: { field: 'name', order: 'ASC' }, start: 0, limit: 10 });
    expect(r.rows.map((x) => x.id)).toEqual([zoeId]);
  });
  it('shows live counts per system and which systems know the person', () => {
    expect(find(zoe.email).rows[0]).toMatchObject({ systems: ['gigs', 'centra'], gigsLive: 1, centraLive: 1, countries: ['SE'], phones: [zoe.phone] });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { customerKeys, customers, staff } from '../db/schema.pg.ts';
import { testDatabase, type TestDatabase } from './helpers/postgres.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await testDatabase();
});
afterAll(() => t.drop());

const hashed = {
  time: '2026-12-02T10:00:00.000Z',
  requestId: 'r1',
  actorType: 'system',
  action: 'test',
  outcome: 'succeeded',
  prevHash: '0'.repeat(64),
  hash: 'a'.repeat(64),
};

describe('the PostgreSQL schema', () => {
  it('has pg_trgm and a trigram index on the search text', async () => {
    const { rows } = await t.db.$client.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'customers_search_trgm_idx'`);
    expect(rows[0].indexdef).toMatch(/USING gin \(search_text gin_trgm_ops\)/);
  });

  it('keeps the audit log append-only: UPDATE, DELETE and TRUNCATE raise', async () => {
    const c = t.db.$client;
    await c.query(
      `INSERT INTO audit_events (seq, time, request_id, actor_type, action, outcome, prev_hash, hash) VALUES (1, $1, $2, $3, $4, $5, $6, $7)`,
      Object.values(hashed),
    );
    await expect(c.query(`UPDATE audit_events SET action = 'other' WHERE seq = 1`)).rejects.toThrow(/audit_events is append-only/);
    await expect(c.query(`DELETE FROM audit_events WHERE seq = 1`)).rejects.toThrow(/audit_events is append-only/);
    await expect(c.query(`TRUNCATE audit_events`)).rejects.toThrow(/audit_events is append-only/);
    await c.query(`INSERT INTO audit_checkpoints (seq, hash, time, key_id, signature) VALUES (1, $1, $2, 'k', 's')`, [hashed.hash, hashed.time]);
    await expect(c.query(`UPDATE audit_checkpoints SET signature = 'x'`)).rejects.toThrow(/audit_checkpoints is append-only/);
    await expect(c.query(`DELETE FROM audit_checkpoints`)).rejects.toThrow(/audit_checkpoints is append-only/);
    await expect(c.query(`TRUNCATE audit_checkpoints`)).rejects.toThrow(/audit_checkpoints is append-only/);
    expect((await c.query('SELECT count(*) AS n FROM audit_events')).rows[0].n).toBe(1);
  });

  it('hands instants back as the ISO strings written, through drizzle and through the pool', async () => {
    const at = '2026-03-29T01:30:00.120Z';
    const [row] = await t.db
      .insert(staff)
      .values({ email: 'a@b.c', role: 'admin', passwordHash: 'x', createdAt: at, updatedAt: '2026-12-02T23:59:59.999Z' })
      .returning();
    expect(row).toMatchObject({ createdAt: at, updatedAt: '2026-12-02T23:59:59.999Z', mustChangePassword: true, disabled: false });
    expect(typeof row!.id).toBe('number');
    const raw = (await t.db.$client.query('SELECT created_at, id, count(*) OVER () AS n FROM staff')).rows[0];
    expect(raw).toEqual({ created_at: at, id: row!.id, n: 1 });
    // A session in another zone reads the same instant.
    const other = t.open({ max: 1 });
    await other.$client.query("SET TimeZone = 'America/St_Johns'");
    const [again] = await other.select().from(staff).where(eq(staff.id, row!.id));
    expect(again!.createdAt).toBe(at);
  });

  it('orders and ranges text bytewise, whatever the database collation', async () => {
    const names = ['a-b', 'a_c', 'ab', 'aB', 'a.b', 'Ab'];
    // The test database's own collation is linguistic (as on hosted servers): it orders these otherwise.
    const { rows } = await t.db.$client.query<{ sorted: string[] }>('SELECT array_agg(n ORDER BY n) AS sorted FROM unnest($1::text[]) n', [names]);
    expect(rows[0]!.sorted).not.toEqual([...names].sort());
    const now = new Date().toISOString();
    for (const [i, name] of names.entries()) {
      await t.db.insert(customers).values({ id: `cus_${i}`, emailKey: `${i}@x`, nameSort: name, updatedAt: now });
    }
    const sorted = (await t.db.select({ n: customers.nameSort }).from(customers).orderBy(customers.nameSort)).map((r) => r.n);
    expect(sorted).toEqual([...names].sort());
    await t.db.insert(customerKeys).values([
      { key: 'sub_0snl', seq: 1 },
      { key: 'sub_0snm', seq: 2 },
      { key: 'sub0', seq: 3 },
    ]);
    const ranged = await t.db
      .select({ k: customerKeys.key })
      .from(customerKeys)
      .where(sql`${customerKeys.key} >= ${'sub_'} AND ${customerKeys.key} < ${'sub\x60'}`);
    expect(ranged.map((r) => r.k).sort()).toEqual(['sub_0snl', 'sub_0snm']);
  });

  it('keeps the digit suffixes of every search text, whatever writes customers', async () => {
    const c = t.db.$client;
    const suffixes = async () =>
      (await c.query<{ seq: number; suffix: string }>('SELECT seq, suffix FROM customer_digit_suffixes WHERE seq >= 100 ORDER BY seq, suffix')).rows.map(
        (r) => `${r.seq}:${r.suffix}`,
      );
    const now = new Date().toISOString();
    await c.query(
      `INSERT INTO customers (seq, id, email_key, search_text, updated_at) VALUES
       (100, 'cus_100', 'a@x', 'ann ek ann.ek4711@example.com 46701234', $1), (101, 'cus_101', 'b@x', 'bo 12 345', $1)`,
      [now],
    );
    // Runs of 3 digits or more, each suffix down to 3 digits, once per person.
    expect(await suffixes()).toEqual(['100:01234', '100:1234', '100:234', '100:46701234', '100:4711', '100:6701234', '100:701234', '100:711', '101:345']);
    await c.query(`UPDATE customers SET search_text = 'ann ek 99887' WHERE seq = 100`);
    await c.query(`UPDATE customers SET updated_at = $1 WHERE seq = 101`, [now]);
    expect(await suffixes()).toEqual(['100:887', '100:9887', '100:99887', '101:345']);
    await c.query(`DELETE FROM customers WHERE seq = 100`);
    expect(await suffixes()).toEqual(['101:345']);
    await c.query(`TRUNCATE customers CASCADE`);
    expect(await suffixes()).toEqual([]);
  });
});

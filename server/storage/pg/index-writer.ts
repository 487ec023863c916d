import type { PgDb } from '../../../db/pg.ts';
import type { DerivedColumns } from '../../customers/index/person-build.ts';
import type { SubscriptionRow } from '../../customers/index/subscriptions-index.ts';

/**
 * Writes built people into the customer index on PostgreSQL: the customers row with its derived
 * columns (the same DerivedColumns the SQLite builder writes, from server/customers/index/person-build.ts),
 * its exact keys and its subscriptions, a batch per statement (one array per column through
 * unnest: one round trip for thousands of rows). The search text needs no second write: the GIN
 * trigram index follows the column, where SQLite keeps a separate FTS5 table.
 */
export type PgIndexRow = {
  /** The row's seq: kept from the source (a copy from SQLite, a bench's numbering). */
  seq: number;
  id: string;
  emailKey: string;
  /** The facts, as JSON text (the builder's own form). */
  gigs: string | null;
  centra: string | null;
  columns: DerivedColumns;
  keys: string[];
  subscriptions: SubscriptionRow[];
  updatedAt: string;
};

const column = <T>(rows: PgIndexRow[], pick: (r: PgIndexRow) => T) => rows.map(pick);

/** Inserts new rows (a seq or e-mail key already indexed is an error), in one transaction. */
export async function insertIndexRows(db: PgDb, rows: PgIndexRow[]): Promise<void> {
  if (!rows.length) return;
  const client = await db.$client.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO customers (seq, id, email_key, name, name_sort, email, emails, phones, countries, gigs_user_id, centra_customer_id,
         in_gigs, in_centra, gigs_live, centra_live, gigs, centra, search_text, search_keys, dirty, updated_at)
       SELECT seq, id, email_key, name, name_sort, email, emails, phones, countries, gigs_user_id, centra_customer_id,
         in_gigs, in_centra, gigs_live, centra_live, gigs, centra, search_text, search_keys, false, updated_at
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::jsonb[], $9::jsonb[], $10::text[], $11::text[],
         $12::boolean[], $13::boolean[], $14::int[], $15::int[], $16::jsonb[], $17::jsonb[], $18::text[], $19::text[], $20::timestamptz[])
         AS r(seq, id, email_key, name, name_sort, email, emails, phones, countries, gigs_user_id, centra_customer_id,
           in_gigs, in_centra, gigs_live, centra_live, gigs, centra, search_text, search_keys, updated_at)`,
      [
        column(rows, (r) => r.seq),
        column(rows, (r) => r.id),
        column(rows, (r) => r.emailKey),
        column(rows, (r) => r.columns.name),
        column(rows, (r) => r.columns.nameSort),
        column(rows, (r) => r.columns.email),
        column(rows, (r) => r.columns.emails),
        column(rows, (r) => r.columns.phones),
        column(rows, (r) => r.columns.countries),
        column(rows, (r) => r.columns.gigsUserId),
        column(rows, (r) => r.columns.centraCustomerId),
        column(rows, (r) => r.columns.inGigs === 1),
        column(rows, (r) => r.columns.inCentra === 1),
        column(rows, (r) => r.columns.gigsLive),
        column(rows, (r) => r.columns.centraLive),
        column(rows, (r) => r.gigs),
        column(rows, (r) => r.centra),
        column(rows, (r) => r.columns.searchText),
        column(rows, (r) => r.columns.searchKeys),
        column(rows, (r) => r.updatedAt),
      ],
    );
    const keys = rows.flatMap((r) => r.keys.map((k) => [k, r.seq] as const));
    await client.query('INSERT INTO customer_keys (key, seq) SELECT * FROM unnest($1::text[], $2::bigint[]) ON CONFLICT DO NOTHING', [
      keys.map((k) => k[0]),
      keys.map((k) => k[1]),
    ]);
    const subs = rows.flatMap((r) => r.subscriptions.map((s) => ({ s, seq: r.seq })));
    if (subs.length) {
      // As INSERT OR REPLACE on SQLite: a subscription that moved to another person follows them.
      await client.query(
        `INSERT INTO indexed_subscriptions (system, id, customer_seq, plan_id, status, discount, item, created_at, canceled_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::float8[], $7::text[], $8::text[], $9::text[])
         ON CONFLICT (system, id) DO UPDATE SET customer_seq = excluded.customer_seq, plan_id = excluded.plan_id, status = excluded.status,
           discount = excluded.discount, item = excluded.item, created_at = excluded.created_at, canceled_at = excluded.canceled_at`,
        [0, 1, 'seq', 2, 3, 4, 5, 6, 7].map((i) => subs.map(({ s, seq }) => (i === 'seq' ? seq : s[i as number]))),
      );
    }
    // Rows came with their seq: the identity continues after the highest.
    await client.query(`SELECT setval(pg_get_serial_sequence('customers', 'seq'), greatest((SELECT max(seq) FROM customers), 1))`);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

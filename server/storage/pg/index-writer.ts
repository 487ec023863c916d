import type { PoolClient } from 'pg';
import { inPgTransaction, type PgDb } from '../../../db/pg.ts';
import type { DerivedColumns, PersonBuild } from '../../customers/index/person-build.ts';
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
  await inPgTransaction(db.$client, async (client) => {
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
    await addKeys(
      client,
      rows.flatMap((r) => r.keys.map((k): [string, number] => [k, r.seq])),
    );
    await upsertSubscriptions(
      client,
      rows.flatMap((r) => r.subscriptions.map((s) => ({ s, seq: r.seq }))),
    );
    // Rows came with their seq: the identity continues after the highest.
    await client.query(`SELECT setval(pg_get_serial_sequence('customers', 'seq'), greatest((SELECT max(seq) FROM customers), 1))`);
  });
}

/** A pool client or the pool: whatever runs the statements (inside a transaction for writePeople). */
type Queryable = Pick<PoolClient, 'query'>;

const DERIVED_ARRAYS = `$3::text[], $4::text[], $5::text[], $6::jsonb[], $7::jsonb[], $8::jsonb[], $9::text[], $10::text[],
  $11::boolean[], $12::boolean[], $13::int[], $14::int[], $15::text[], $16::text[]`;
const DERIVED_COLUMNS = `name, name_sort, email, emails, phones, countries, gigs_user_id, centra_customer_id,
  in_gigs, in_centra, gigs_live, centra_live, search_text, search_keys`;

/** The derived columns of these people, one array per column ($3 to $16 of the statements below). */
const derivedArrays = (people: PersonBuild[]) => [
  people.map((p) => p.columns.name),
  people.map((p) => p.columns.nameSort),
  people.map((p) => p.columns.email),
  people.map((p) => p.columns.emails),
  people.map((p) => p.columns.phones),
  people.map((p) => p.columns.countries),
  people.map((p) => p.columns.gigsUserId),
  people.map((p) => p.columns.centraCustomerId),
  people.map((p) => p.columns.inGigs === 1),
  people.map((p) => p.columns.inCentra === 1),
  people.map((p) => p.columns.gigsLive),
  people.map((p) => p.columns.centraLive),
  people.map((p) => p.columns.searchText),
  people.map((p) => p.columns.searchKeys),
];

/**
 * Writes built people (server/customers/index/person-build.ts) inside the caller's transaction:
 * new people get a row, people with a row (`before`) get their facts and derived columns
 * replaced; then their exact keys and indexed subscriptions follow, only what changed. `touched`:
 * whether a person's facts changed (updated_at moves to `now`), as opposed to a rebuild of the same
 * facts. As on SQLite (server/customers/index/row-writer.ts), a subscription that moved to another
 * person follows them.
 */
export async function writePeople(q: Queryable, people: PersonBuild[], now: string, touched: (p: PersonBuild) => boolean = () => true): Promise<void> {
  if (!people.length) return;
  const fresh = people.filter((p) => !p.before);
  const known = people.filter((p) => p.before);
  const seqOf = new Map<PersonBuild, number>();
  if (fresh.length) {
    const inserted = await q.query<{ seq: number; email_key: string }>(
      `INSERT INTO customers (id, email_key, ${DERIVED_COLUMNS}, gigs, centra, dirty, updated_at)
       SELECT r.id, r.email_key, r.name, r.name_sort, r.email, r.emails, r.phones, r.countries, r.gigs_user_id, r.centra_customer_id,
         r.in_gigs, r.in_centra, r.gigs_live, r.centra_live, r.search_text, r.search_keys, r.gigs, r.centra, false, $19::timestamptz
       FROM unnest($1::text[], $2::text[], ${DERIVED_ARRAYS}, $17::jsonb[], $18::jsonb[])
         AS r(id, email_key, ${DERIVED_COLUMNS}, gigs, centra)
       RETURNING seq, email_key`,
      [fresh.map((p) => p.id), fresh.map((p) => p.key), ...derivedArrays(fresh), fresh.map((p) => p.gigs), fresh.map((p) => p.centra), now],
    );
    const byKey = new Map(inserted.rows.map((r) => [r.email_key, r.seq]));
    for (const p of fresh) seqOf.set(p, byKey.get(p.key)!);
  }
  if (known.length) {
    await q.query(
      `UPDATE customers c SET (${DERIVED_COLUMNS}, gigs, centra, dirty, updated_at) =
         (r.name, r.name_sort, r.email, r.emails, r.phones, r.countries, r.gigs_user_id, r.centra_customer_id,
          r.in_gigs, r.in_centra, r.gigs_live, r.centra_live, r.search_text, r.search_keys, r.gigs, r.centra, false,
          CASE WHEN r.touched THEN $19::timestamptz ELSE c.updated_at END)
       FROM unnest($1::bigint[], $2::text[], ${DERIVED_ARRAYS}, $17::jsonb[], $18::jsonb[], $20::boolean[])
         AS r(seq, email_key, ${DERIVED_COLUMNS}, gigs, centra, touched)
       WHERE c.seq = r.seq`,
      [
        known.map((p) => p.before!.seq),
        known.map((p) => p.key),
        ...derivedArrays(known),
        known.map((p) => p.gigs),
        known.map((p) => p.centra),
        now,
        known.map(touched),
      ],
    );
    for (const p of known) seqOf.set(p, p.before!.seq);
  }
  await writeKeys(q, people, seqOf);
  await writeSubscriptions(q, people, seqOf);
}

/** Each person's exact keys: the ones they no longer have go, the new ones come. */
async function writeKeys(q: Queryable, people: PersonBuild[], seqOf: Map<PersonBuild, number>) {
  const drop: [string, number][] = [];
  const add: [string, number][] = [];
  for (const p of people) {
    const seq = seqOf.get(p)!;
    // A row never built (no search text yet) has no keys indexed, whatever search_keys says.
    const before = p.before?.keys && p.before.text !== null ? p.before.keys.split(' ') : [];
    const after = new Set(p.keys);
    for (const k of before) if (!after.has(k)) drop.push([k, seq]);
    const had = new Set(before);
    for (const k of p.keys) if (!had.has(k)) add.push([k, seq]);
  }
  if (drop.length)
    await q.query('DELETE FROM customer_keys k USING unnest($1::text[], $2::bigint[]) AS d(key, seq) WHERE k.key = d.key AND k.seq = d.seq', [
      drop.map((d) => d[0]),
      drop.map((d) => d[1]),
    ]);
  await addKeys(q, add);
}

/** Each person's indexed subscriptions replaced (the rows of people whose set is unchanged are rewritten: cheap next to a round trip per person). */
async function writeSubscriptions(q: Queryable, people: PersonBuild[], seqOf: Map<PersonBuild, number>) {
  const known = people.filter((p) => p.before).map((p) => seqOf.get(p)!);
  if (known.length) await q.query('DELETE FROM indexed_subscriptions WHERE customer_seq = ANY($1::bigint[])', [known]);
  await upsertSubscriptions(
    q,
    people.flatMap((p) => p.subscriptions.map((s) => ({ s, seq: seqOf.get(p)! }))),
  );
}

/** Exact keys (key, seq) added; one already there is left as it is. */
async function addKeys(q: Queryable, pairs: [string, number][]) {
  if (!pairs.length) return;
  await q.query('INSERT INTO customer_keys (key, seq) SELECT * FROM unnest($1::text[], $2::bigint[]) ON CONFLICT DO NOTHING', [
    pairs.map((p) => p[0]),
    pairs.map((p) => p[1]),
  ]);
}

/**
 * Indexed subscriptions written for their people, as INSERT OR REPLACE on SQLite: a subscription
 * that moved to another person follows them. Named twice in one batch (it moved between two people
 * written together): the last wins.
 */
async function upsertSubscriptions(q: Queryable, subs: { s: SubscriptionRow; seq: number }[]) {
  if (!subs.length) return;
  const rows = [...new Map(subs.map((x) => [`${x.s[0]}\u0000${x.s[1]}`, x])).values()];
  await q.query(
    `INSERT INTO indexed_subscriptions (system, id, customer_seq, plan_id, status, discount, item, created_at, canceled_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::float8[], $7::text[], $8::text[], $9::text[])
     ON CONFLICT (system, id) DO UPDATE SET customer_seq = excluded.customer_seq, plan_id = excluded.plan_id, status = excluded.status,
       discount = excluded.discount, item = excluded.item, created_at = excluded.created_at, canceled_at = excluded.canceled_at`,
    [0, 1, 'seq', 2, 3, 4, 5, 6, 7].map((i) => rows.map(({ s, seq }) => (i === 'seq' ? seq : s[i as number]))),
  );
}

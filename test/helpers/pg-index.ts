import type { Db } from '../../db/connection.ts';
import type { PgDb } from '../../db/pg.ts';
import type { DerivedColumns } from '../../server/customers/index/person-build.ts';
import type { SubscriptionRow } from '../../server/customers/index/subscriptions-index.ts';
import { insertIndexRows, type PgIndexRow } from '../../server/storage/pg/index-writer.ts';

type LiteCustomer = DerivedColumns & { seq: number; id: string; emailKey: string; gigs: string | null; centra: string | null; updatedAt: string };

/**
 * Copies a SQLite customer index (customers, customer_keys, indexed_subscriptions) into a
 * PostgreSQL database, seqs kept: both engines then hold the same people under the same numbers,
 * so their searches can be compared result for result.
 */
export async function copyIndexToPostgres(lite: Db, db: PgDb): Promise<number> {
  const s = lite.$client;
  const customers = s
    .prepare(`SELECT seq, id, email_key AS emailKey, gigs, centra, updated_at AS updatedAt, name, name_sort AS nameSort, email, emails, phones, countries,
    gigs_user_id AS gigsUserId, centra_customer_id AS centraCustomerId, in_gigs AS inGigs, in_centra AS inCentra, gigs_live AS gigsLive, centra_live AS centraLive,
    search_text AS searchText, search_keys AS searchKeys FROM customers ORDER BY seq`)
    .all() as LiteCustomer[];
  const keys = new Map<number, string[]>();
  for (const k of s.prepare('SELECT key, seq FROM customer_keys').all() as { key: string; seq: number }[]) keys.set(k.seq, [...(keys.get(k.seq) ?? []), k.key]);
  const subs = new Map<number, SubscriptionRow[]>();
  for (const r of s
    .prepare('SELECT system, id, customer_seq AS seq, plan_id, status, discount, item, created_at, canceled_at FROM indexed_subscriptions')
    .all() as Record<string, never>[]) {
    const row: SubscriptionRow = [r.system, r.id, r.plan_id, r.status, r.discount, r.item, r.created_at, r.canceled_at];
    subs.set(r.seq, [...(subs.get(r.seq) ?? []), row]);
  }
  const rows: PgIndexRow[] = customers.map(({ seq, id, emailKey, gigs, centra, updatedAt, ...columns }) => ({
    seq,
    id,
    emailKey,
    gigs,
    centra,
    updatedAt,
    columns,
    keys: keys.get(seq) ?? [],
    subscriptions: subs.get(seq) ?? [],
  }));
  for (let i = 0; i < rows.length; i += 2000) await insertIndexRows(db, rows.slice(i, i + 2000));
  return rows.length;
}

import { sql } from 'drizzle-orm';
import type { PostgresEngine } from '../../storage/engine.ts';
import { PgCustomerSearch, type PgCustomerListRow } from '../../storage/pg/search.ts';
import { exactKindOf, type CustomerListRow } from '../search/search.ts';
import { indexCounts } from './index-counts.ts';
import type { CustomerIndexStore, FactsRow, PlanStatRow } from './types.ts';

/** jsonb facts as JSON text, as the SQLite side keeps them (the lookups parse them in the domain). */
const FACTS_COLUMNS = 'c.id, c.email_key AS "emailKey", c.email, c.name, c.gigs::text AS gigs, c.centra::text AS centra';

/** PostgreSQL's row names the exact key it matched; the list shows its kind, decided once in search/search.ts. */
function listRow({ exactKey, ...row }: PgCustomerListRow): CustomerListRow {
  return { ...row, exactKind: exactKey === null ? null : exactKindOf(exactKey, row.phones) };
}

/**
 * The customer index on PostgreSQL: the search of server/storage/pg/search.ts and plain reads of
 * the pool. Nothing here is kept in the process: every instance reads the same rows.
 */
export function postgresCustomerIndexStore({ db }: PostgresEngine): CustomerIndexStore {
  const search = new PgCustomerSearch(db);
  const rows = async <T>(text: string, values: unknown[] = []) => (await db.$client.query(text, values)).rows as T[];
  return {
    async list(args) {
      const page = await search.list(args);
      return { ...page, rows: page.rows.map(listRow) };
    },
    async byId(customerId) {
      const row = await search.byId(customerId);
      if (!row) return null;
      const { gigs, centra, emailKey, ...listed } = row;
      return { ...listRow(listed), gigs, centra, emailKey };
    },
    factsById: async (customerId) => (await rows<FactsRow>(`SELECT ${FACTS_COLUMNS} FROM customers c WHERE c.id = $1`, [customerId]))[0] ?? null,
    factsByKey: (key) => rows<FactsRow>(`SELECT ${FACTS_COLUMNS} FROM customer_keys k JOIN customers c ON c.seq = k.seq WHERE k.key = $1 LIMIT 20`, [key]),
    customerIdForGigsUser: async (userId) => (await rows<{ id: string }>('SELECT id FROM customers WHERE gigs_user_id = $1 LIMIT 1', [userId]))[0]?.id ?? null,
    async counts() {
      const [r] = await rows<Record<string, number | null>>(`SELECT count(*) AS customers,
          count(*) FILTER (WHERE in_gigs) AS "gigsCustomers", count(*) FILTER (WHERE in_centra) AS "centraCustomers",
          sum(gigs_live) AS "gigsLive", sum(centra_live) AS "centraLive",
          sum((SELECT count(*) FROM jsonb_object_keys(CASE WHEN jsonb_typeof(gigs->'subs') = 'object' THEN gigs->'subs' END))) AS "gigsSubs",
          sum((SELECT count(*) FROM jsonb_object_keys(CASE WHEN jsonb_typeof(centra->'k') = 'object' THEN centra->'k' END))) AS contracts,
          sum((SELECT sum((SELECT count(*) FROM jsonb_object_keys(CASE WHEN jsonb_typeof(k.value->'subs') = 'object' THEN k.value->'subs' END)))
            FROM jsonb_each(CASE WHEN jsonb_typeof(centra->'k') = 'object' THEN centra->'k' END) k)) AS "centraSubs"
        FROM customers WHERE search_text IS NOT NULL`);
      return indexCounts(r!);
    },
    recomputePlanStats: (computedAt) =>
      db.transaction(async (tx) => {
        // Instances recounting at once take turns (the lock conflicts with itself, not with readers):
        // each replaces the whole table, never inserts beside another's rows.
        await tx.execute(sql`LOCK TABLE plan_stats IN SHARE ROW EXCLUSIVE MODE`);
        await tx.execute(sql`DELETE FROM plan_stats`);
        const inserted = await tx.execute(sql`INSERT INTO plan_stats (system, plan_id, status, subscriptions, average_discount, computed_at)
          SELECT system, plan_id, status, count(*), avg(discount), ${computedAt} FROM indexed_subscriptions
          WHERE plan_id IS NOT NULL GROUP BY system, plan_id, status`);
        return inserted.rowCount ?? 0;
      }),
    planStats: () => rows<PlanStatRow>('SELECT system, plan_id AS "planId", status, subscriptions, average_discount AS "averageDiscount" FROM plan_stats'),
    planStatsAsOf: async () => (await rows<{ at: string | null }>('SELECT max(computed_at) AS at FROM plan_stats'))[0]!.at,
    planlessCentra: () =>
      rows<{ status: string; n: number }>(
        `SELECT status, count(*) AS n FROM indexed_subscriptions WHERE system = 'centra' AND plan_id IS NULL GROUP BY status`,
      ),
    created: async (system, from, to) =>
      (
        await rows<{ n: number }>('SELECT count(*) AS n FROM indexed_subscriptions WHERE system = $1 AND created_at >= $2 AND created_at < $3', [
          system,
          from,
          to,
        ])
      )[0]!.n,
    gigsCancelled: async (from, to) =>
      (
        await rows<{ n: number }>(`SELECT count(*) AS n FROM indexed_subscriptions WHERE system = 'gigs' AND canceled_at >= $1 AND canceled_at < $2`, [
          from,
          to,
        ])
      )[0]!.n,
  };
}

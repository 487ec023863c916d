import type { SqliteEngine } from '../../storage/engine.ts';
import { planStatsFreshness, recomputePlanStats } from '../index/plan-stats.ts';
import { SqliteCustomerSearch } from './sqlite-search.ts';
import { indexCounts } from './index-counts.ts';
import type { CustomerIndexStore, FactsRow, IndexCounts, PlanStatRow } from './types.ts';

const FACTS_COLUMNS = 'c.id, c.email_key AS emailKey, c.email, c.name, c.gigs, c.centra';

/**
 * The customer index on SQLite: better-sqlite3's prepared statements, synchronous inside, each
 * method one promise (no await between a statement and its rows).
 */
export function sqliteCustomerIndexStore({ db }: SqliteEngine): CustomerIndexStore {
  const s = db.$client;
  const search = new SqliteCustomerSearch(db);
  const statements = {
    factsById: s.prepare(`SELECT ${FACTS_COLUMNS} FROM customers c WHERE c.id = ?`),
    factsByKey: s.prepare(`SELECT ${FACTS_COLUMNS} FROM customer_keys k JOIN customers c ON c.seq = k.seq WHERE k.key = ? LIMIT 20`),
    byGigsUser: s.prepare('SELECT id FROM customers WHERE gigs_user_id = ? LIMIT 1').pluck(),
    planStats: s.prepare('SELECT system, plan_id AS planId, status, subscriptions, average_discount AS averageDiscount FROM plan_stats'),
    planless: s.prepare(`SELECT status, count(*) AS n FROM indexed_subscriptions WHERE system = 'centra' AND plan_id IS NULL GROUP BY status`),
    created: s.prepare('SELECT count(*) FROM indexed_subscriptions WHERE system = ? AND created_at >= ? AND created_at < ?').pluck(),
    gigsCancelled: s.prepare(`SELECT count(*) FROM indexed_subscriptions WHERE system = 'gigs' AND canceled_at >= ? AND canceled_at < ?`).pluck(),
  };
  return {
    list: async (args) => search.list(args),
    byId: async (customerId) => search.byId(customerId),
    factsById: async (customerId) => (statements.factsById.get(customerId) as FactsRow | undefined) ?? null,
    factsByKey: async (key) => statements.factsByKey.all(key) as FactsRow[],
    customerIdForGigsUser: async (userId) => (statements.byGigsUser.get(userId) as string | undefined) ?? null,
    counts: async () => countIndex(db.$client),
    recomputePlanStats: async (computedAt) => recomputePlanStats(db, () => new Date(computedAt)).groups,
    planStats: async () => statements.planStats.all() as PlanStatRow[],
    planStatsAsOf: async () => planStatsFreshness(db),
    planlessCentra: async () => statements.planless.all() as { status: string; n: number }[],
    created: async (system, from, to) => statements.created.get(system, from, to) as number,
    gigsCancelled: async (from, to) => statements.gigsCancelled.get(from, to) as number,
  };
}

function countIndex(s: SqliteEngine['db']['$client']): IndexCounts {
  const r = s
    .prepare(`SELECT count(*) AS customers, sum(in_gigs) AS gigsCustomers, sum(in_centra) AS centraCustomers,
        sum(gigs_live) AS gigsLive, sum(centra_live) AS centraLive,
        sum(CASE WHEN gigs IS NULL THEN 0 ELSE (SELECT count(*) FROM json_each(gigs, '$.subs')) END) AS gigsSubs,
        sum(CASE WHEN centra IS NULL THEN 0 ELSE (SELECT count(*) FROM json_each(centra, '$.k')) END) AS contracts,
        sum(CASE WHEN centra IS NULL THEN 0 ELSE (SELECT sum((SELECT count(*) FROM json_each(k.value, '$.subs'))) FROM json_each(centra, '$.k') AS k) END) AS centraSubs
        FROM customers WHERE search_text IS NOT NULL`)
    .get() as Record<string, number | null>;
  return indexCounts(r);
}

import type { Db } from '../../../db/connection.ts';
import type { CrawlRun } from '../crawl/store/index.ts';

export type IndexCounts = {
  customers: number;
  gigs: { customers: number; subscriptions: number; live: number };
  centra: { customers: number; contracts: number; subscriptions: number; live: number };
};

/**
 * Counts per upstream, from the index (no personal data). Counting subscriptions means opening
 * every row's JSON: about half a second at a million rows, so the answer is cached and recounted
 * after a crawl ended (`generation` names the last crawl) or after half a minute (refreshes).
 */
export class IndexStats {
  private cached: { at: number; generation: string; counts: IndexCounts } | null = null;
  private static readonly TTL_MS = 30_000;

  constructor(private readonly db: Db) {}

  invalidate() {
    this.cached = null;
  }

  counts(generation: string, now = Date.now()): IndexCounts {
    if (this.cached && this.cached.generation === generation && now - this.cached.at < IndexStats.TTL_MS) return this.cached.counts;
    const r = this.db.$client
      .prepare(`SELECT count(*) AS customers, sum(in_gigs) AS gigsCustomers, sum(in_centra) AS centraCustomers,
        sum(gigs_live) AS gigsLive, sum(centra_live) AS centraLive,
        sum(CASE WHEN gigs IS NULL THEN 0 ELSE (SELECT count(*) FROM json_each(gigs, '$.subs')) END) AS gigsSubs,
        sum(CASE WHEN centra IS NULL THEN 0 ELSE (SELECT count(*) FROM json_each(centra, '$.k')) END) AS contracts,
        sum(CASE WHEN centra IS NULL THEN 0 ELSE (SELECT sum((SELECT count(*) FROM json_each(k.value, '$.subs'))) FROM json_each(centra, '$.k') AS k) END) AS centraSubs
        FROM customers WHERE search_text IS NOT NULL`)
      .get() as Record<string, number | null>;
    const n = (k: string) => Number(r[k] ?? 0);
    const counts: IndexCounts = {
      customers: n('customers'),
      gigs: { customers: n('gigsCustomers'), subscriptions: n('gigsSubs'), live: n('gigsLive') },
      centra: { customers: n('centraCustomers'), contracts: n('contracts'), subscriptions: n('centraSubs'), live: n('centraLive') },
    };
    this.cached = { at: now, generation, counts };
    return counts;
  }
}

/** A crawl as the status page shows it. */
export function presentRun(run: CrawlRun | null) {
  if (!run) return null;
  return {
    id: run.id,
    kind: run.kind,
    status: run.status,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    durationMs: run.durationMs,
    counts: run.counts,
    errors: run.errors,
  };
}

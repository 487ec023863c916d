import type { CrawlRun } from '../crawl/store/index.ts';
import type { CustomerIndexStore, IndexCounts } from '../store/index.ts';

/**
 * Counts per upstream, from the index (no personal data). Counting subscriptions means opening
 * every row's facts: about half a second at a million rows, so the answer is cached in this
 * process and recounted after a crawl ended (`generation` names the last crawl) or after half a
 * minute (refreshes, and what another instance wrote).
 */
export class IndexStats {
  private cached: { at: number; generation: string; counts: IndexCounts } | null = null;
  private static readonly TTL_MS = 30_000;

  constructor(private readonly store: CustomerIndexStore) {}

  invalidate() {
    this.cached = null;
  }

  async counts(generation: string, now = Date.now()): Promise<IndexCounts> {
    if (this.cached && this.cached.generation === generation && now - this.cached.at < IndexStats.TTL_MS) return this.cached.counts;
    const counts = await this.store.counts();
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

import type { Db } from '../../db/connection.ts';
import type { Logger } from '../logger.ts';
import { UpstreamError } from '../upstream/errors.ts';
import { CrawlLedger, type CrawlKind, type CrawlRun, type PhaseName, type PhaseState } from './crawl-state.ts';
import type { CrawlSources, Source } from './crawl-sources.ts';
import { CustomerStore, type FactsUpdate } from './store.ts';
import { centraContractUpdates, centraCustomerUpdates, gigsSubscriptionUpdates, gigsUserUpdates } from './facts.ts';

export type CrawlProgress = { phase: PhaseName | 'build'; items: number; built?: number };

type PhasePlan<T, C extends 'gigs' | 'centra'> = { name: PhaseName; column: C; source: Source<T>; updates: (items: T[]) => Map<string, FactsUpdate<C>> };

/** Overlap for "changed since": clocks differ, and re-reading a minute is cheaper than missing it. */
const SINCE_MARGIN_MS = 5 * 60_000;

/**
 * Crawls both upstreams into the customer index. The Gigs phases (users, then subscriptions) and
 * the Centra phases (customers, then contracts) run concurrently; each page is merged in one
 * transaction together with its phase's cursor. An upstream that fails stops its phases, the
 * reason is recorded and the cursor kept, and the next crawl resumes there; what was merged stays.
 * After the phases, every row they touched is built once (derived columns and search text).
 */
export class Crawler {
  readonly ledger: CrawlLedger;
  private current: Promise<CrawlRun> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopping = false;

  constructor(
    private readonly db: Db,
    readonly store: CustomerStore,
    private readonly sources: CrawlSources,
    private readonly opts: { clock: () => Date; logger?: Logger },
  ) {
    this.ledger = new CrawlLedger(db);
  }

  get running() {
    return this.current !== null;
  }

  /** Runs a crawl, or joins the one already running. */
  run(kind: CrawlKind, onProgress?: (p: CrawlProgress) => void): Promise<CrawlRun> {
    this.current ??= this.crawl(kind, onProgress).finally(() => {
      this.current = null;
    });
    return this.current;
  }

  /** Full crawl if the index was never filled, else incremental; both resume an unfinished crawl. */
  runOnStart(): Promise<CrawlRun> {
    this.ledger.markInterrupted(this.opts.clock().toISOString());
    return this.run(this.ledger.lastSucceeded() ? 'incremental' : 'full');
  }

  /** Incremental crawls every `seconds` (0: never). The timer does not keep the process alive. */
  schedule(seconds: number) {
    this.stopSchedule();
    if (seconds <= 0) return;
    this.timer = setInterval(() => {
      if (!this.running) this.run('incremental').catch((err) => this.opts.logger?.error('scheduled crawl failed', { error: String(err) }));
    }, seconds * 1000);
    this.timer.unref();
  }

  stopSchedule() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Stops at the next page boundary (shutdown): the crawl records itself as failed with the reason,
   * its cursors stay, and the next start resumes it. Resolves when it has stopped.
   */
  async stop(): Promise<void> {
    this.stopSchedule();
    this.stopping = true;
    await this.current?.catch(() => undefined);
  }

  private async crawl(requested: CrawlKind, onProgress?: (p: CrawlProgress) => void): Promise<CrawlRun> {
    if (this.stopping) throw new Error('subdesk is stopping');
    const clock = this.opts.clock;
    const started = clock();
    const unfinished = this.ledger.unfinished();
    const kind = unfinished?.kind ?? requested;
    const lastOk = this.ledger.lastSucceeded();
    const since = kind === 'incremental' && lastOk ? new Date(new Date(lastOk.startedAt).getTime() - SINCE_MARGIN_MS) : undefined;
    const runId = this.ledger.begin(kind, started.toISOString(), Boolean(unfinished));
    const states = new Map(this.ledger.phases().map((p) => [p.phase, p]));
    const counts: Record<string, number> = {};
    const errors: Record<string, string> = {};
    this.opts.logger?.info('crawl started', { runId, kind, resumed: Boolean(unfinished) });

    const s = this.sources;
    const gigs = [
      { name: 'gigs.users', column: 'gigs', source: s.gigsUsers, updates: gigsUserUpdates },
      { name: 'gigs.subscriptions', column: 'gigs', source: s.gigsSubscriptions, updates: gigsSubscriptionUpdates },
    ] as const;
    const centra = [
      { name: 'centra.customers', column: 'centra', source: s.centraCustomers, updates: centraCustomerUpdates },
      { name: 'centra.contracts', column: 'centra', source: s.centraContracts, updates: centraContractUpdates },
    ] as const;
    const chain = async (phases: readonly PhasePlan<any, any>[]) => {
      for (const phase of phases) {
        try {
          counts[phase.name] = await this.phase(phase, states.get(phase.name), since, onProgress);
        } catch (err) {
          errors[phase.name] = describe(err);
          this.opts.logger?.warn('crawl phase stopped', { phase: phase.name, error: errors[phase.name] });
          return; // the next phase of this upstream depends on it; the other upstream carries on
        }
      }
    };
    await Promise.all([chain(gigs), chain(centra)]);

    counts.built = await this.store.buildAll((built) => onProgress?.({ phase: 'build', items: built, built }));
    const finished = clock();
    const status = Object.keys(errors).length ? 'failed' : 'succeeded';
    this.ledger.finish(runId, { status, finishedAt: finished.toISOString(), durationMs: finished.getTime() - started.getTime(), counts, errors });
    this.opts.logger?.info('crawl finished', { runId, status, counts, errors });
    return this.ledger.run(runId)!;
  }

  /** One phase from its saved cursor to the end. Returns the items applied in this crawl. */
  private async phase<T, C extends 'gigs' | 'centra'>(plan: PhasePlan<T, C>, state: PhaseState | undefined, since: Date | undefined, onProgress?: (p: CrawlProgress) => void): Promise<number> {
    if (state?.done) return 0;
    let total = state?.items ?? 0;
    let applied = 0;
    const save = this.db.$client.transaction((items: T[], cursor: unknown) => {
      this.store.merge(plan.column, plan.updates(items));
      total += items.length;
      this.ledger.checkpoint(plan.name, cursor, total, this.opts.clock().toISOString());
    });
    for await (const page of plan.source(state?.cursor ?? null, since)) {
      if (this.stopping) throw new Error('subdesk was stopping; the next crawl resumes here');
      save.immediate(page.items, page.cursor);
      applied += page.items.length;
      onProgress?.({ phase: plan.name, items: total });
    }
    this.db.$client.prepare('UPDATE crawl_state SET done = 1 WHERE phase = ?').run(plan.name);
    return applied;
  }
}

function describe(err: unknown): string {
  if (err instanceof UpstreamError) return `${err.system === 'gigs' ? 'Gigs' : 'Centra'}: ${err.message}${err.details.status ? ` (HTTP ${err.details.status})` : ''}`;
  return err instanceof Error ? err.message : String(err);
}

import type { Logger } from '../../logger.ts';
import { UpstreamError } from '../../upstream/errors.ts';
import { inBackground } from '../../upstream/priority.ts';
import type { CrawlKind, CrawlLedgerStore, CrawlRun, PhaseName, PhaseState } from './store/index.ts';
import type { CrawlSources, Page, Source } from './crawl-sources.ts';
import type { IndexWriter } from '../index/writer/types.ts';

export type CrawlProgress = { phase: PhaseName | 'build'; items: number; built?: number };

type PhasePlan = { name: PhaseName; source: Source };

/**
 * Pages are staged in transactions of about this many items: one commit (one fsync) per batch
 * instead of per page, and the cursor saved with the batch's last page.
 */
const STAGE_BATCH = 5_000;

/** Overlap for "changed since": clocks differ, and re-reading a minute is cheaper than missing it. */
const SINCE_MARGIN_MS = 5 * 60_000;

/**
 * Crawls both upstreams into the customer index. The four phases (Gigs users and subscriptions,
 * Centra customers and contracts) run concurrently; each page's items are appended
 * to the stage (server/customers/crawl/stage.ts) in one transaction together with the phase's cursor,
 * without touching the index. An upstream that fails stops its phases, the reason is recorded and
 * the cursor kept, and the next crawl resumes there. After the phases (failed or not), the stage is
 * built into the index, each person once, and plan_stats is recomputed: what was read stays.
 */
export class Crawler {
  private current: Promise<CrawlRun> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopping = false;
  private live: Record<string, number> | null = null;

  constructor(
    /** The crawl's memory (runs, each list's place, the stage): rows every instance shares. */
    readonly ledger: CrawlLedgerStore,
    readonly store: IndexWriter,
    private readonly sources: CrawlSources,
    private readonly opts: {
      clock: () => Date;
      logger?: Logger;
      /**
       * After each crawl, with the keys of the Centra customers an incremental crawl read (those
       * Centra says changed; null after a full crawl): the Shop API contract walk follows it.
       */
      afterCrawl?: (run: CrawlRun, centraCustomersChanged: Set<string> | null) => Promise<void>;
    },
  ) {}

  get running() {
    return this.current !== null;
  }

  /** Runs a crawl, or joins the one already running. */
  run(kind: CrawlKind, onProgress?: (p: CrawlProgress) => void): Promise<CrawlRun> {
    if (this.current) return this.current;
    this.live = {};
    const report = (p: CrawlProgress) => {
      if (this.live) this.live[p.phase] = p.items;
      onProgress?.(p);
    };
    // Every upstream call of a crawl is background work: it takes only its share of the rate budgets.
    this.current = inBackground(() => this.crawl(kind, report)).finally(() => {
      this.current = null;
      this.live = null;
    });
    return this.current;
  }

  /** What the running crawl has done so far: items read per list, people built. Null when none runs. */
  get progress(): Record<string, number> | null {
    return this.live ? { ...this.live } : null;
  }

  /**
   * Whether a crawl runs and how far it got, whichever instance runs it: this one's own figures
   * while it crawls (people built included), else each list's items as the crawling instance
   * (the one holding the background work) committed them.
   */
  async activity(): Promise<{ running: boolean; progress: Record<string, number> | null }> {
    if (this.live) return { running: true, progress: { ...this.live } };
    if ((await this.ledger.last())?.status !== 'running') return { running: false, progress: null };
    return { running: true, progress: Object.fromEntries((await this.ledger.phases()).map((p) => [p.phase, p.items])) };
  }

  /** Full crawl if the index was never filled, else incremental; both resume an unfinished crawl. */
  async runOnStart(): Promise<CrawlRun> {
    // A stopped crawler starts again when this instance regains the background lease (server/background.ts).
    this.stopping = false;
    await this.ledger.markInterrupted(this.opts.clock().toISOString());
    return this.run((await this.ledger.lastSucceeded()) ? 'incremental' : 'full');
  }

  /**
   * A crawl every `seconds` (0: never), incremental unless said otherwise (with a change feed on,
   * the scheduled crawl is a full one: the reconciliation that also forgets what the feed missed).
   * The timer does not keep the process alive.
   */
  schedule(seconds: number, kind: CrawlKind = 'incremental') {
    this.stopSchedule();
    if (seconds <= 0) return;
    this.timer = setInterval(() => {
      if (!this.running) this.run(kind).catch((err) => this.opts.logger?.error('scheduled crawl failed', { error: String(err) }));
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

  /** Lists an earlier crawl left unfinished, if any, with that crawl's kind: the next crawl resumes them. */
  private async unfinished(): Promise<{ kind: CrawlKind; phases: PhaseState[] } | null> {
    const phases = await this.ledger.phases();
    if (!phases.length || phases.every((p) => p.done)) return null;
    return { kind: (await this.ledger.run(phases[0]!.runId))?.kind ?? 'full', phases };
  }

  private async crawl(requested: CrawlKind, onProgress?: (p: CrawlProgress) => void): Promise<CrawlRun> {
    if (this.stopping) throw new Error('subdesk is stopping');
    const clock = this.opts.clock;
    const started = clock();
    const unfinished = await this.unfinished();
    const kind = unfinished?.kind ?? requested;
    const lastOk = await this.ledger.lastSucceeded();
    const since = kind === 'incremental' && lastOk ? new Date(new Date(lastOk.startedAt).getTime() - SINCE_MARGIN_MS) : undefined;
    const runId = await this.ledger.begin(kind, started.toISOString(), Boolean(unfinished));
    const states = new Map((await this.ledger.phases()).map((p) => [p.phase, p]));
    // A full crawl read from the start reads everything each system knows: whom a system's lists
    // no longer mention, it no longer knows (deleted, erased, or under another e-mail now). Not on
    // a resumed crawl (what was read before the interruption is not in these sets), nor into an
    // empty index (nobody to forget).
    const seen = kind === 'full' && !unfinished && !(await this.store.isEmpty()) ? { gigs: new Set<string>(), centra: new Set<string>() } : null;
    const centraChanged = kind === 'incremental' ? new Set<string>() : null;
    const counts: Record<string, number> = {};
    const errors: Record<string, string> = {};
    this.opts.logger?.info('crawl started', { runId, kind, resumed: Boolean(unfinished) });

    const s = this.sources;
    const phases: PhasePlan[] = [
      { name: 'gigs.users', source: s.gigsUsers },
      { name: 'gigs.subscriptions', source: s.gigsSubscriptions },
      { name: 'centra.customers', source: s.centraCustomers },
      { name: 'centra.contracts', source: s.centraContracts },
    ];
    // The four phases run at once: staged parts do not depend on each other (the builder puts a
    // person together at the end), and four request streams keep both the upstreams and subdesk
    // busy where one stream per upstream left each waiting on the other half of the time. A phase
    // that fails stops alone, with its reason and cursor; the others carry on.
    const run = async (phase: PhasePlan) => {
      try {
        const collect = phase.name === 'centra.customers' && centraChanged ? centraChanged : seen?.[phase.name.startsWith('gigs.') ? 'gigs' : 'centra'];
        counts[phase.name] = await this.phase(phase, states.get(phase.name), since, kind === 'incremental', collect, onProgress);
      } catch (err) {
        errors[phase.name] = describe(err);
        this.opts.logger?.warn('crawl phase stopped', { phase: phase.name, error: errors[phase.name] });
        await this.ledger
          .recordPhaseError(runId, phase.name, errors[phase.name])
          .catch((e) => this.opts.logger?.error('a crawl phase stopped, and its reason could not be recorded', { phase: phase.name, error: String(e) }));
      }
    };
    await Promise.all(phases.map(run));

    counts.built = await this.ledger.buildStaged((built) => onProgress?.({ phase: 'build', items: built, built }));
    if (seen && !Object.keys(errors).length) counts.forgotten = await this.store.forgetUnseen(seen, started.toISOString());
    // Rows a refresh merged but did not build (none normally), and the people just forgotten.
    counts.built += await this.store.buildAll();
    const statsAt = await this.ledger.recountPlanStats();
    this.store.planStats.computed(new Date(statsAt).getTime());
    const finished = clock();
    const status = Object.keys(errors).length ? 'failed' : 'succeeded';
    await this.ledger.finish(runId, { status, finishedAt: finished.toISOString(), durationMs: finished.getTime() - started.getTime(), counts, errors });
    this.opts.logger?.info('crawl finished', { runId, status, counts, errors });
    const finishedRun = (await this.ledger.run(runId))!;
    await this.opts.afterCrawl?.(finishedRun, centraChanged);
    return finishedRun;
  }

  /**
   * One phase from its saved cursor to the end: pages are staged in batches, each batch with the
   * cursor of its last page. A page already read when the upstream fails (or subdesk stops) is
   * staged before the error goes up. Returns the items read in this crawl. `seen` collects the
   * e-mail keys of the people the pages mention.
   */
  private async phase(
    plan: PhasePlan,
    state: PhaseState | undefined,
    since: Date | undefined,
    incremental: boolean,
    seen: Set<string> | undefined,
    onProgress?: (p: CrawlProgress) => void,
  ): Promise<number> {
    if (state?.done) return 0;
    let total = state?.items ?? 0;
    let applied = 0;
    let pending: Page[] = [];
    let pendingItems = 0;
    let pendingCursor: unknown = null;
    const save = async (pages: Page[], cursor: unknown, items: number, done: boolean) => {
      const read = { keys: pages.flatMap((p) => p.keys), parts: pages.flatMap((p) => p.parts) };
      // Gigs is read whole every time (no "changed since"): a later crawl stages only what changed.
      const staged = incremental && plan.name.startsWith('gigs.') ? await this.store.gigsPartsThatChange(read.keys, read.parts) : read;
      await this.ledger.stageBatch(plan.name, staged, { cursor, items, done }, this.opts.clock().toISOString());
    };
    const flush = async (done = false) => {
      if (!pending.length && !done) return;
      total += pendingItems;
      await save(pending, pending.length ? pendingCursor : (state?.cursor ?? null), total, done);
      applied += pendingItems;
      pending = [];
      pendingItems = 0;
      onProgress?.({ phase: plan.name, items: total });
    };
    try {
      for await (const page of plan.source(state?.cursor ?? null, since)) {
        if (this.stopping) throw new Error('subdesk was stopping; the next crawl resumes here');
        pending.push(page);
        if (seen) for (const key of page.keys) seen.add(key);
        pendingItems += page.count;
        pendingCursor = page.cursor;
        if (pendingItems >= STAGE_BATCH) await flush();
      }
    } catch (err) {
      await flush();
      throw err;
    }
    if (pending.length) {
      total += pendingItems;
      await save(pending, pendingCursor, total, true);
      applied += pendingItems;
      onProgress?.({ phase: plan.name, items: total });
    } else {
      await this.ledger.markDone(plan.name);
    }
    return applied;
  }
}

function describe(err: unknown): string {
  if (err instanceof UpstreamError)
    return `${err.system === 'gigs' ? 'Gigs' : 'Centra'}: ${err.message}${err.details.status ? ` (HTTP ${err.details.status})` : ''}`;
  return err instanceof Error ? err.message : String(err);
}

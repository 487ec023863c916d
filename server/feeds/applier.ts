import type { IndexUpdates } from '../customers/index/writer/types.ts';
import type { Logger } from '../logger.ts';
import { inBackground } from '../upstream/priority.ts';
import { UpstreamError } from '../upstream/errors.ts';
import type { AppliedDelivery, FeedInboxStore, FeedName, Outcome, PendingDelivery } from './store/types.ts';

/** What applying one delivery did, and the upstream time the state it wrote stands for. */
export type Result = { outcome: Outcome; asOf: string | null };

/** An index write decided from rows read just now: written only if those rows are still as read. */
export type IndexWrite = { updates: IndexUpdates; unchangedSince: Map<string, string | null> };

/**
 * A decision to write the index. The applier writes several deliveries' decisions together
 * (FeedHandler.writeTogether) when they share nothing: `claims` names what the decision read or
 * writes (people, users), and a delivery claiming something another one in the slice claims is
 * decided again once that one is written. `otherwise` applies the delivery when its rows were
 * written meanwhile (it reads the upstream: the decision no longer holds).
 */
export type Planned = Result & { write: IndexWrite; claims: string[]; otherwise: () => Promise<Result> };

/**
 * One delivery's decision: done (nothing to write, or written already), an index write the
 * applier makes with others', or work that needs the upstream first and writes itself (`later`).
 */
export type Step = Result | Planned | { later: () => Promise<Result> };

/** A feed's rules for its deliveries (Gigs: gigs-apply.ts). */
export type FeedHandler = {
  decide(d: PendingDelivery): Promise<Step>;
  /** Makes these writes in one transaction; false (nothing written) when a row one of them read was written since. */
  writeTogether(writes: IndexWrite[]): Promise<boolean>;
};

/** Deliveries read from the inbox at a time. */
const BATCH = 500;
/** Longest stretch of applying (deciding, then writing the slice) before the server answers others again. */
const SLICE_MS = 5;
/**
 * While deliveries keep arriving (one stored within this long), the applier rests this long after
 * each slice: answering the senders comes first (they retry what is not answered in time), and
 * what is stored is applied as soon as the burst eases.
 */
const BURST_WINDOW_MS = 50;
const BURST_REST_MS = 40;
/** A delivery that could not be applied (the upstream did not answer) is tried again after these. */
const RETRY_AFTER_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000];
/** Applied deliveries are kept this long for deduplication: longer than Gigs retries (about 1.5 days). */
export const FEED_RETENTION_MS = 7 * 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;

/** Deliveries decided in one slice, waiting to be written and marked together. */
type Slice = { done: AppliedDelivery[]; planned: { d: PendingDelivery; plan: Planned }[]; claims: Set<string> };

/**
 * The small worker loop that applies what the inbox holds, feed by feed, oldest first: woken when
 * a delivery is stored, by a timer when a failed one is due again, and once at start (deliveries
 * stored before a crash). All its upstream calls are background work (staff calls go first). It
 * runs on the instance holding the background lease (server/background.ts), on either engine.
 *
 * Deliveries are applied in slices: each is decided from the rows as they are, the slice's index
 * writes go in one transaction (on SQLite one commit for many deliveries, as the burst bench
 * needs), and then the slice is marked done in a commit of its own. A crash between the two
 * re-applies those deliveries, which is harmless: each row they wrote now has an `updatedAt`
 * after their event time, so deciding them again finds "the row was written after the event", a
 * doubt, and reads the user from Gigs (gigs-apply.ts), writing what Gigs has now.
 */
export class FeedApplier {
  private readonly handlers = new Map<FeedName, FeedHandler>();
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private retryTimer: NodeJS.Timeout | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;
  private lookTimer: NodeJS.Timeout | null = null;
  /** Milliseconds the slice's write takes per delivery (a running average): a slice stops deciding in time to write within SLICE_MS. */
  private writeMsEach = 0.2;
  /** The last failure per feed, for the status page. */
  readonly lastError = new Map<FeedName, { at: string; message: string }>();

  /**
   * `lookEveryMs`: how often the inbox is looked at for deliveries stored by other instances, which
   * do not wake this one (PostgreSQL: any instance takes deliveries, the lease holder applies them).
   * Null when this process stores every delivery itself (SQLite).
   */
  constructor(
    readonly inbox: FeedInboxStore,
    private readonly clock: () => Date,
    private readonly logger: Logger,
    private readonly lookEveryMs: number | null = null,
  ) {
    inbox.onStored = () => this.wake();
  }

  /** Whether this instance applies the inbox now (it holds the background lease: server/background.ts). */
  get applying(): boolean {
    return !this.stopped;
  }

  start(handlers: Partial<Record<FeedName, FeedHandler>>) {
    for (const [feed, handler] of Object.entries(handlers) as [FeedName, FeedHandler][]) this.handlers.set(feed, handler);
    this.stopped = false;
    this.pruneTimer = setInterval(
      () =>
        void this.inbox
          .prune(new Date(this.clock().getTime() - FEED_RETENTION_MS))
          .catch((err: unknown) => this.logger.warn('change feed: old deliveries could not be pruned', { error: String(err) })),
      PRUNE_EVERY_MS,
    );
    this.pruneTimer.unref();
    if (this.lookEveryMs !== null) {
      this.lookTimer = setInterval(() => void this.wake(), this.lookEveryMs);
      this.lookTimer.unref();
    }
    void this.wake();
  }

  async stop() {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    if (this.lookTimer) clearInterval(this.lookTimer);
    await this.running;
  }

  /** Applies everything due now; joins a run already going (which then goes round once more). */
  wake(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    let failed = false;
    this.running = inBackground(() => this.drain())
      .catch((err: unknown) => {
        // The inbox itself could not be read or marked (the database is away): tried again soon.
        failed = true;
        this.logger.warn('change feed: the inbox could not be applied; it will be tried again', { error: String(err) });
      })
      .finally(() => {
        this.running = null;
        void this.scheduleRetry(failed);
      });
    return this.running;
  }

  /** Resolves once nothing due is left (tests, benchmarks). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain() {
    do {
      this.again = false;
      for (const [feed, handler] of this.handlers) {
        for (;;) {
          if (this.stopped) return;
          const batch = await this.inbox.due(feed, BATCH);
          if (!batch.length) break;
          await this.applyBatch(feed, handler, batch);
        }
      }
    } while (this.again && !this.stopped);
  }

  private async applyBatch(feed: FeedName, handler: FeedHandler, batch: PendingDelivery[]) {
    let i = 0;
    while (i < batch.length && !this.stopped) {
      const started = performance.now();
      const slice: Slice = { done: [], planned: [], claims: new Set() };
      while (i < batch.length && performance.now() - started + slice.planned.length * this.writeMsEach < SLICE_MS) {
        const d = batch[i]!;
        let step: Step;
        try {
          step = await handler.decide(d);
          const claims = claimsOf(d, step);
          if (claims.some((c) => slice.claims.has(c))) {
            // Decided from rows an earlier delivery of this slice is about to write: write those first, decide again.
            await this.finish(feed, handler, slice);
            step = await handler.decide(d);
          }
          for (const c of claimsOf(d, step)) slice.claims.add(c);
        } catch (err) {
          await this.fail(feed, d, err);
          i++;
          continue;
        }
        i++;
        if ('later' in step) {
          // Waits for the upstream: what the slice decided so far is written first, in order.
          await this.finish(feed, handler, slice);
          await this.applyLater(feed, d, step.later);
          break;
        }
        if ('write' in step) slice.planned.push({ d, plan: step });
        else slice.done.push({ seq: d.seq, outcome: step.outcome, asOf: step.asOf });
      }
      await this.finish(feed, handler, slice);
      const arriving = performance.now() - this.inbox.lastStoredAt < BURST_WINDOW_MS;
      await new Promise((r) => (arriving ? setTimeout(r, BURST_REST_MS) : setImmediate(r)));
    }
  }

  /** Writes the slice's decisions together and marks its deliveries done; empties the slice. */
  private async finish(feed: FeedName, handler: FeedHandler, slice: Slice) {
    const { planned, done } = slice;
    slice.planned = [];
    slice.done = [];
    slice.claims.clear();
    if (planned.length) {
      const started = performance.now();
      let together = false;
      try {
        together = await handler.writeTogether(planned.map((p) => p.plan.write));
      } catch (err) {
        this.logger.warn('change feed: a slice could not be written together; its deliveries are applied one by one', { error: String(err) });
      }
      if (together) {
        this.writeMsEach = 0.8 * this.writeMsEach + (0.2 * (performance.now() - started)) / planned.length;
        for (const { d, plan } of planned) done.push({ seq: d.seq, outcome: plan.outcome, asOf: plan.asOf });
      } else {
        // A row one of them read was written meanwhile (or one write failed): each on its own.
        for (const { d } of planned) {
          const r = await this.applyAlone(feed, handler, d);
          if (r) done.push({ seq: d.seq, ...r });
        }
      }
    }
    if (done.length) await this.inbox.markDone(done);
  }

  /** One delivery decided again and written alone; when its rows change under it again, it reads the upstream. Null: it failed. */
  private async applyAlone(feed: FeedName, handler: FeedHandler, d: PendingDelivery): Promise<Result | null> {
    try {
      const step = await handler.decide(d);
      if ('later' in step) return await step.later();
      if (!('write' in step)) return step;
      if (await handler.writeTogether([step.write])) return { outcome: step.outcome, asOf: step.asOf };
      return await step.otherwise();
    } catch (err) {
      await this.fail(feed, d, err);
      return null;
    }
  }

  private async applyLater(feed: FeedName, d: PendingDelivery, later: () => Promise<Result>) {
    let r: Result;
    try {
      r = await later();
    } catch (err) {
      return this.fail(feed, d, err);
    }
    await this.inbox.markDone([{ seq: d.seq, ...r }]);
  }

  private async fail(feed: FeedName, d: PendingDelivery, err: unknown) {
    const message =
      err instanceof UpstreamError
        ? `${err.system === 'gigs' ? 'Gigs' : 'Centra'} could not be read: ${err.message}`
        : `subdesk could not apply it: ${(err as Error)?.message ?? String(err)}`;
    const retryAt = new Date(this.clock().getTime() + RETRY_AFTER_MS[Math.min(d.attempts, RETRY_AFTER_MS.length - 1)]!);
    this.lastError.set(feed, { at: this.clock().toISOString(), message });
    this.logger.warn('change feed: a delivery could not be applied; it will be tried again', {
      feed,
      deliveryId: d.deliveryId,
      eventType: d.eventType,
      retryAt: retryAt.toISOString(),
      error: message,
    });
    await this.inbox.markFailed(d.seq, retryAt, message);
  }

  private async scheduleRetry(failed: boolean) {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.stopped) return;
    let next: string | undefined;
    if (failed) next = new Date(this.clock().getTime() + RETRY_AFTER_MS[0]!).toISOString();
    else {
      try {
        const times = await Promise.all([...this.handlers.keys()].map((f) => this.inbox.nextRetryAt(f)));
        next = times.filter((t): t is string => t !== null).sort()[0];
      } catch (err) {
        this.logger.warn('change feed: the inbox could not be read', { error: String(err) });
        next = new Date(this.clock().getTime() + RETRY_AFTER_MS[0]!).toISOString();
      }
    }
    if (!next || this.stopped) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.wake(), Math.max(0, Date.parse(next) - this.clock().getTime()) + 50);
    this.retryTimer.unref();
  }
}

/** What a decision rests on: its object (the inbox's version of it), and what the feed's handler names. */
function claimsOf(d: PendingDelivery, step: Step): string[] {
  const claims = 'claims' in step ? step.claims : [];
  return d.objectId ? [`object:${d.objectId}`, ...claims] : claims;
}

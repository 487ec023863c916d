import type { Db } from '../../db/connection.ts';
import type { Logger } from '../logger.ts';
import { inBackground } from '../upstream/priority.ts';
import { UpstreamError } from '../upstream/errors.ts';
import type { SqliteFeedInbox } from './store/sqlite.ts';
import type { FeedName, Outcome, PendingDelivery } from './store/types.ts';

/** What applying one delivery did, and the upstream time the state it wrote stands for. */
export type Result = { outcome: Outcome; asOf: string | null };

/**
 * One delivery's application: done at once (written inside the applier's transaction), or work
 * that needs the upstream first, whose writes come back as a synchronous function the applier runs
 * in one transaction with marking the delivery done.
 */
export type Step = Result | { later: () => Promise<() => Result> };

/** A feed's rules for its deliveries (Gigs: gigs-apply.ts). */
export type FeedHandler = { decide(d: PendingDelivery): Step };

/** Deliveries read from the inbox at a time. */
const BATCH = 500;
/** Longest stretch of applying inside one transaction before the server answers others again. */
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

/**
 * The small worker loop that applies what the inbox holds, feed by feed, oldest first: woken when
 * a delivery is stored, by a timer when a failed one is due again, and once at start (deliveries
 * stored before a crash). All its upstream calls are background work (staff calls go first).
 * Each delivery is applied and marked done in one transaction, so a crash re-applies at most what
 * was not yet marked, and applying is written to be harmless twice.
 */
export class FeedApplier {
  private readonly handlers = new Map<FeedName, FeedHandler>();
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private retryTimer: NodeJS.Timeout | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;
  /** The last failure per feed, for the status page. */
  readonly lastError = new Map<FeedName, { at: string; message: string }>();
  /** One delivery decided (and, when done at once, marked) in its own savepoint; built once, not per delivery. */
  private readonly decideOne;

  constructor(
    private readonly db: Db,
    readonly inbox: SqliteFeedInbox,
    private readonly clock: () => Date,
    private readonly logger: Logger,
  ) {
    inbox.onStored = () => this.wake();
    this.decideOne = db.$client.transaction((handler: FeedHandler, d: PendingDelivery): Step => {
      const s = handler.decide(d);
      if (!('later' in s)) this.inbox.markDone(d.seq, s.outcome, s.asOf);
      return s;
    });
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
    this.wake();
  }

  async stop() {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    await this.running;
  }

  /** Applies everything due now; joins a run already going (which then goes round once more). */
  wake(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = inBackground(() => this.drain()).finally(() => {
      this.running = null;
      this.scheduleRetry();
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
          const batch = this.inbox.due(feed, BATCH);
          if (!batch.length) break;
          await this.applyBatch(feed, handler, batch);
        }
      }
    } while (this.again && !this.stopped);
  }

  private async applyBatch(feed: FeedName, handler: FeedHandler, batch: PendingDelivery[]) {
    const sqlite = this.db.$client;
    let i = 0;
    while (i < batch.length) {
      const started = performance.now();
      // Set inside the transaction below (a closure: declared wide so TypeScript does not narrow it to null).
      let waiting = null as { d: PendingDelivery; later: () => Promise<() => Result> } | null;
      sqlite
        .transaction(() => {
          for (; i < batch.length && !waiting && performance.now() - started < SLICE_MS; ) {
            const d = batch[i]!;
            // Each delivery in a savepoint: one that throws is set aside alone, the others commit.
            try {
              const step = this.decideOne(handler, d);
              if ('later' in step) waiting = { d, later: step.later };
            } catch (err) {
              this.fail(feed, d, err);
            }
            i++;
          }
        })
        .immediate();
      if (waiting) await this.applyLater(feed, waiting);
      const arriving = performance.now() - this.inbox.lastStoredAt < BURST_WINDOW_MS;
      await new Promise((r) => (arriving ? setTimeout(r, BURST_REST_MS) : setImmediate(r)));
    }
  }

  private async applyLater(feed: FeedName, { d, later }: { d: PendingDelivery; later: () => Promise<() => Result> }) {
    try {
      const write = await later();
      this.db.$client
        .transaction(() => {
          const r = write();
          this.inbox.markDone(d.seq, r.outcome, r.asOf);
        })
        .immediate();
    } catch (err) {
      this.fail(feed, d, err);
    }
  }

  private fail(feed: FeedName, d: PendingDelivery, err: unknown) {
    const message =
      err instanceof UpstreamError
        ? `${err.system === 'gigs' ? 'Gigs' : 'Centra'} could not be read: ${err.message}`
        : `subdesk could not apply it: ${(err as Error)?.message ?? String(err)}`;
    const retryAt = new Date(this.clock().getTime() + RETRY_AFTER_MS[Math.min(d.attempts, RETRY_AFTER_MS.length - 1)]!);
    this.inbox.markFailed(d.seq, retryAt, message);
    this.lastError.set(feed, { at: this.clock().toISOString(), message });
    this.logger.warn('change feed: a delivery could not be applied; it will be tried again', {
      feed,
      deliveryId: d.deliveryId,
      eventType: d.eventType,
      retryAt: retryAt.toISOString(),
      error: message,
    });
  }

  private scheduleRetry() {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.stopped) return;
    const next = [...this.handlers.keys()]
      .map((f) => this.inbox.nextRetryAt(f))
      .filter((t): t is string => t !== null)
      .sort()[0];
    if (!next) return;
    this.retryTimer = setTimeout(() => void this.wake(), Math.max(0, Date.parse(next) - this.clock().getTime()) + 50);
    this.retryTimer.unref();
  }
}

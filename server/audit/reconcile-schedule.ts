import type { Deps } from '../deps.ts';
import { inBackground } from '../upstream/priority.ts';
import { reconcilePending } from './reconcile.ts';
import { longestActionMs } from './reconcile-age.ts';

/**
 * How often the lease holder looks for actions another instance left pending: an instance that
 * dies without the lease leaves its interrupted actions to the holder, which settles them within
 * longestActionMs plus this.
 */
export const RECONCILE_EVERY_MS = 3 * 60_000;

/**
 * Reconciliation on the instance holding the background lease (server/background.ts): one pass
 * when the lease is gained, then one every RECONCILE_EVERY_MS until it is lost. Each pass takes
 * only pending entries older than the longest an action can take (server/audit/reconcile-age.ts),
 * since a younger one may still be waiting for its upstream on a live instance: the holder
 * itself, or another instance on the same PostgreSQL database. The first pass of the one process
 * of a SQLite file takes every entry (`everyEntry`): nothing can be in flight when it starts.
 */
export class PendingReconciliation {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopping = new AbortController();
  private readonly olderThanMs: number;

  constructor(private readonly deps: Deps) {
    this.olderThanMs = longestActionMs(deps);
  }

  /** The first pass, then the schedule. Resolves once the first pass has ended (its errors are logged). */
  async start(options: { everyEntry?: boolean } = {}): Promise<void> {
    this.stopping = new AbortController();
    await this.pass(options.everyEntry ?? false);
    if (this.stopping.signal.aborted || this.timer) return;
    this.timer = setInterval(() => void this.pass(false), RECONCILE_EVERY_MS);
    this.timer.unref();
  }

  /** No further pass, and no further entry of the one running; resolves when it has ended. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stopping.abort();
    await this.running;
  }

  /** One pass, unless one is running (a slow upstream): then that one stands for it. */
  private pass(everyEntry: boolean): Promise<unknown> {
    if (this.running) return this.running;
    const { deps } = this;
    const olderThan = everyEntry ? undefined : new Date(deps.clock().getTime() - this.olderThanMs);
    const signal = this.stopping.signal;
    this.running = inBackground(() => reconcilePending(deps, { olderThan, signal }))
      .catch((err) => deps.logger.error('audit reconciliation failed', { error: String(err) }))
      .finally(() => (this.running = null));
    return this.running;
  }
}

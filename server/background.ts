import type { Deps } from './deps.ts';
import { PendingReconciliation } from './audit/reconcile-schedule.ts';
import { startCustomerIndex, stopCustomerIndex } from './customers/startup.ts';
import { startFeeds } from './feeds/index.ts';
import { scheduleSessionSettling } from './gigs/settle-pending.ts';

/**
 * The work one instance does for all (issue 21): reconciling interrupted actions (when the work
 * starts and every few minutes: server/audit/reconcile-schedule.ts), the crawls, the contract walk
 * and Centra's events, applying the change-feed inbox, settling Connect links. It runs on the
 * instance holding the background lease (server/storage/lease.ts): started when the lease is
 * gained, stopped when it is lost or at shutdown. On SQLite the one process always holds it, so it
 * starts with the server, as before.
 *
 * Start and stop are queued one behind the other, so a lease lost while the work is still starting
 * stops it once it has started, never halfway.
 */
export class BackgroundWork {
  private running = false;
  private stopSettling = () => {};
  private queue: Promise<void> = Promise.resolve();
  private readonly reconciliation: PendingReconciliation;

  constructor(private readonly deps: Deps) {
    this.reconciliation = new PendingReconciliation(deps);
  }

  start(): Promise<void> {
    return this.enqueue(async () => {
      if (this.running) return;
      const { deps } = this;
      // SQLite's one process gains its lease once, at its start: none of its actions is in flight yet.
      await this.reconciliation.start({ everyEntry: deps.backgroundLease.lease.alone });
      startCustomerIndex(deps);
      startFeeds(deps);
      this.stopSettling = scheduleSessionSettling(deps);
      this.running = true;
      deps.logger.info('background work started on this instance');
    });
  }

  stop(): Promise<void> {
    return this.enqueue(async () => {
      if (!this.running) return;
      await this.reconciliation.stop();
      this.stopSettling();
      // The inbox stays open: this instance still takes webhooks in; only applying them moves.
      await this.deps.feeds.applier.stop();
      await stopCustomerIndex(this.deps);
      this.running = false;
      this.deps.logger.info('background work stopped on this instance');
    });
  }

  /** Resolves once the last start or stop asked for has finished. */
  settled(): Promise<void> {
    return this.queue;
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(step, step);
    return this.queue;
  }
}

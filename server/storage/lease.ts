import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';

/**
 * Background work (crawls, Centra event polling, settling links, checkpoints, start-up
 * reconciliation) runs on one instance at a time: the one holding the lease. On SQLite there is
 * one process, which always holds it (SingleInstanceLease); on PostgreSQL a lease row decides
 * (server/storage/pg/lease.ts). LeaseKeeper keeps trying and renewing, and says when this instance
 * gains or loses it; the health endpoint reports holds().
 */
export type LeaseHolder = { instance: string; token: number; expiresAt: string };

export interface Lease {
  /** This instance's name in the lease (host, process, a random part: a restart is another instance). */
  readonly instance: string;
  /**
   * No other instance can share the data (one process owns the SQLite file): nothing another
   * instance does can be in flight, so start-up reconciliation may take every pending entry.
   */
  readonly alone: boolean;
  /** Takes the lease when it is free, expired or already ours; true when this instance holds it now. */
  acquire(): Promise<boolean>;
  /** Extends our hold; false when the lease is no longer ours. */
  renew(): Promise<boolean>;
  /** Gives the lease up at once (shutdown), so another instance takes it without waiting for expiry. */
  release(): Promise<void>;
  /** Closes what the lease opened for itself (its own connection), after the last release. */
  close?(): Promise<void>;
  /** Who holds it now, as the database says (null: nobody). */
  holder(): Promise<LeaseHolder | null>;
  /**
   * Whether this instance may do background work now, without asking the database: it holds the
   * lease and its own deadline (set before the database's, from a monotonic clock) has not passed.
   */
  holds(): boolean;
}

/**
 * PostgreSQL's timings: a hold lasts 15 s unless renewed (ttl), and the keeper renews or tries
 * every 5 s (every), so a dead holder's work moves to an instance that was running within
 * ttlMs + everyMs = 20 s. An instance that started during the last hold waits newcomerWaitMs after
 * it expired (server/storage/pg/lease.ts): longer than `every`, so those that were running try
 * first, and short enough that ttl + newcomerWait + every = 27.5 s stays within the 30 s issue 21
 * allows for a move when such an instance is the only other one.
 */
export const LEASE_DEFAULTS = { ttlMs: 15_000, everyMs: 5_000, newcomerWaitMs: 7_500 } as const;

export const instanceName = () => `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

/** SQLite: one process, one file. It always holds the lease. */
export class SingleInstanceLease implements Lease {
  readonly instance = instanceName();
  readonly alone = true;
  private readonly since = new Date().toISOString();
  acquire = async () => true;
  renew = async () => true;
  release = async () => {};
  holder = async (): Promise<LeaseHolder> => ({ instance: this.instance, token: 1, expiresAt: 'never' });
  holds = () => true;
  toString = () => `${this.instance} since ${this.since}`;
}

export type LeaseKeeperOptions = {
  /** How often to renew while holding, and to try while not (default 5 s). */
  everyMs?: number;
  onAcquired?: () => void;
  /** The lease is gone (expired, taken, released): stop background work now. */
  onLost?: () => void;
  onError?: (err: unknown) => void;
};

/**
 * Keeps a lease: renews it while held, tries to take it while not, and tells when that changes.
 */
export class LeaseKeeper {
  private timer: NodeJS.Timeout | null = null;
  private held = false;
  private running: Promise<void> | null = null;

  constructor(
    readonly lease: Lease,
    private readonly options: LeaseKeeperOptions = {},
  ) {}

  start() {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.options.everyMs ?? LEASE_DEFAULTS.everyMs);
    this.timer.unref();
    void this.tick();
  }

  /** One round: renew or try to take, then report a change. Never throws. */
  tick(): Promise<void> {
    this.running ??= this.round().finally(() => (this.running = null));
    return this.running;
  }

  private async round() {
    try {
      if (this.held) await this.lease.renew();
      else await this.lease.acquire();
    } catch (err) {
      // The database is unreachable: holds() runs out at the lease's own deadline.
      this.options.onError?.(err);
    }
    this.settle();
  }

  /** Reports a change of holds() (also between rounds: the health check calls it). */
  holds(): boolean {
    this.settle();
    return this.held;
  }

  private settle() {
    const now = this.lease.holds();
    if (now === this.held) return;
    this.held = now;
    if (now) this.options.onAcquired?.();
    else this.options.onLost?.();
  }

  /** Stops keeping and gives the lease up (shutdown). */
  async stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    if (this.held) {
      await this.lease.release().catch((err) => this.options.onError?.(err));
      this.settle();
    }
    await this.lease.close?.().catch((err) => this.options.onError?.(err));
  }
}

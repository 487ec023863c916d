import type { UpstreamSystem } from './errors.ts';
import type { CallPriority } from './priority.ts';

export type RateBudgetOptions = {
  system: UpstreamSystem;
  /** Requests allowed per `perSeconds` (CENTRA_REQUESTS_PER_10S, GIGS_REQUESTS_PER_SECOND). */
  requests: number;
  perSeconds: number;
  /** The most of the budget background work may use (BACKGROUND_SHARE). */
  backgroundShare: number;
  now?: () => number;
};

export type BudgetStats = {
  requestsPerSecond: number;
  backgroundPerSecond: number;
  granted: Record<CallPriority, number>;
  waiting: Record<CallPriority, number>;
  /** Background work is paused after a 429 until then (epoch ms), or null. */
  backgroundPausedUntil: number | null;
  rateLimited: number;
};

/**
 * One upstream's share of the merchant's rate limit, which the merchant shares with their shop
 * and every other integration (docs/upstreams.md, "Rate limits"). Two token buckets: the whole
 * budget (refilled at requests / perSeconds, holding at most `requests`), and background work's
 * share of it. Every call takes a token from the first; background calls also from the second,
 * and only when no staff call waits, so staff are served first and wait at most one token's
 * time however much background work is queued. A 429 pauses background work for its Retry-After.
 */
export class RateBudget {
  private tokens: number;
  private backgroundTokens: number;
  private last: number;
  private readonly queues: Record<CallPriority, (() => void)[]> = { staff: [], background: [] };
  private timer: NodeJS.Timeout | null = null;
  private pausedUntil = 0;
  private readonly granted: Record<CallPriority, number> = { staff: 0, background: 0 };
  private rateLimited = 0;
  private readonly now: () => number;
  private readonly rate: number;
  private readonly backgroundRate: number;

  constructor(readonly opts: RateBudgetOptions) {
    this.now = opts.now ?? (() => Date.now());
    this.rate = opts.requests / (opts.perSeconds * 1000);
    this.backgroundRate = this.rate * opts.backgroundShare;
    this.tokens = opts.requests;
    this.backgroundTokens = opts.requests * opts.backgroundShare;
    this.last = this.now();
  }

  /** Resolves when a call of this priority may be sent. */
  acquire(priority: CallPriority): Promise<void> {
    return new Promise((resolve) => {
      this.queues[priority].push(resolve);
      this.pump();
    });
  }

  /** A 429 with Retry-After: background calls wait that long (staff calls go on, each handling its own). */
  pauseBackground(seconds: number) {
    this.rateLimited++;
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + seconds * 1000);
    this.pump();
  }

  stats(): BudgetStats {
    return {
      requestsPerSecond: this.rate * 1000,
      backgroundPerSecond: this.backgroundRate * 1000,
      granted: { ...this.granted },
      waiting: { staff: this.queues.staff.length, background: this.queues.background.length },
      backgroundPausedUntil: this.pausedUntil > this.now() ? this.pausedUntil : null,
      rateLimited: this.rateLimited,
    };
  }

  private refill(t: number) {
    const elapsed = t - this.last;
    this.last = t;
    this.tokens = Math.min(this.opts.requests, this.tokens + elapsed * this.rate);
    this.backgroundTokens = Math.min(this.opts.requests * this.opts.backgroundShare, this.backgroundTokens + elapsed * this.backgroundRate);
  }

  private pump() {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const t = this.now();
    this.refill(t);
    const staff = this.queues.staff;
    const background = this.queues.background;
    while (staff.length && this.tokens >= 1) {
      this.tokens -= 1;
      this.granted.staff++;
      staff.shift()!();
    }
    while (!staff.length && background.length && t >= this.pausedUntil && this.tokens >= 1 && this.backgroundTokens >= 1) {
      this.tokens -= 1;
      this.backgroundTokens -= 1;
      this.granted.background++;
      background.shift()!();
    }
    // When will the first waiting call be able to go?
    let wait = Number.POSITIVE_INFINITY;
    if (staff.length) wait = (1 - this.tokens) / this.rate;
    else if (background.length) {
      wait = Math.max((1 - this.tokens) / this.rate, (1 - this.backgroundTokens) / this.backgroundRate, this.pausedUntil - t);
    }
    if (Number.isFinite(wait)) {
      this.timer = setTimeout(() => this.pump(), Math.max(1, Math.ceil(wait)));
      // Only waiting calls keep the process alive, as any pending request would.
    }
  }
}

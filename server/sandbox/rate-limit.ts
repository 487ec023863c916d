import type { MiddlewareHandler } from 'hono';

/**
 * An upstream's rate limit as Centra describes its own (a token bucket per environment, shared
 * by every integration; over it, 429 with Retry-After) and as subdesk assumes Gigs' to be: the
 * bucket holds `requests` tokens and refills them evenly over `perSeconds`. Off when requests
 * is 0 or unset.
 */
export class SandboxRateLimit {
  private tokens: number;
  private last: number;
  refused = 0;

  constructor(
    private readonly requests: number,
    private readonly perSeconds: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = requests;
    this.last = now();
  }

  /** Takes a token; answers 0 when granted, else the seconds until one is there. */
  take(): number {
    const t = this.now();
    const rate = this.requests / (this.perSeconds * 1000);
    this.tokens = Math.min(this.requests, this.tokens + (t - this.last) * rate);
    this.last = t;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    this.refused++;
    return (1 - this.tokens) / rate / 1000;
  }

  middleware(errorBody: (message: string) => unknown): MiddlewareHandler {
    return async (c, next) => {
      if (!this.requests) return next();
      const wait = this.take();
      if (!wait) return next();
      const seconds = Math.max(1, Math.ceil(wait));
      c.header('Retry-After', String(seconds));
      return c.json(errorBody(`Rate limit exceeded: ${this.requests} requests per ${this.perSeconds} s. Retry after ${seconds} s.`) as object, 429);
    };
  }
}

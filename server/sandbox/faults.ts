import type { Context, MiddlewareHandler } from 'hono';

/**
 * Fault injection for the sandboxes, switched on per path by tests and the reliability suite:
 * added latency, no answer at all, 500, 429 with Retry-After, a malformed body, a dropped
 * connection. Each fault may be limited to a method, a path prefix and a number of requests.
 */
export type FaultKind = 'latency' | 'timeout' | 'error500' | 'rateLimit' | 'malformed' | 'drop';

export type Fault = {
  kind: FaultKind;
  /** Only requests with this method (default: any). */
  method?: string;
  /** Only paths (below the emulator's mount point) starting with this (default: any). */
  pathPrefix?: string;
  /** How many matching requests to affect before the fault switches itself off (default: all). */
  times?: number;
  /** latency: added milliseconds. rateLimit: Retry-After seconds. */
  ms?: number;
  retryAfterSeconds?: number;
};

type Active = Fault & { remaining: number };

export class FaultInjector {
  private faults: Active[] = [];
  private readonly hanging = new Set<() => void>();

  constructor(private readonly errorBody: (status: number, message: string) => unknown) {}

  add(fault: Fault) {
    this.faults.push({ ...fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  clear() {
    this.faults = [];
  }

  list(): Fault[] {
    return this.faults.map(({ remaining, ...f }) => ({ ...f, times: Number.isFinite(remaining) ? remaining : undefined }));
  }

  /** Releases requests held by `timeout` faults (on shutdown). */
  releaseAll() {
    for (const release of this.hanging) release();
    this.hanging.clear();
  }

  private take(method: string, path: string): Active | undefined {
    const f = this.faults.find((x) => x.remaining > 0 && (!x.method || x.method.toUpperCase() === method) && (!x.pathPrefix || path.startsWith(x.pathPrefix)));
    if (f) {
      f.remaining -= 1;
      if (f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
    }
    return f;
  }

  /** `relativePath` maps the request to the path the fault prefixes are written against. */
  middleware(relativePath: (c: Context) => string): MiddlewareHandler {
    return async (c, next) => {
      if (!this.faults.length) return next();
      const fault = this.take(c.req.method, relativePath(c));
      if (!fault) return next();
      switch (fault.kind) {
        case 'latency':
          await new Promise((r) => setTimeout(r, fault.ms ?? 1000));
          return next();
        case 'timeout':
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, 10 * 60_000);
            this.hanging.add(() => {
              clearTimeout(timer);
              resolve();
            });
          });
          return c.body(null, 503);
        case 'error500':
          return c.json(this.errorBody(500, 'Injected internal error') as object, 500);
        case 'rateLimit':
          c.header('Retry-After', String(fault.retryAfterSeconds ?? 1));
          return c.json(this.errorBody(429, 'Too many requests') as object, 429);
        case 'malformed':
          return c.body('{"object":"list","items":[{"id":', 200, { 'content-type': 'application/json' });
        case 'drop': {
          const incoming = (c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming;
          incoming?.socket?.destroy();
          return c.body(null, 500);
        }
      }
    };
  }
}

import type { ZodType } from 'zod';
import { UpstreamError, type UpstreamSystem } from './errors.ts';
import type { RateBudget } from './budget.ts';
import { callPriority } from './priority.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

/**
 * How a 2xx body becomes the answer: a zod schema over its JSON, or `decode` over its bytes (the
 * crawl parses its big pages off the main thread). A mismatch, or a `decode` that throws
 * MalformedAnswer, is a `malformed` failure.
 */
type AnswerParser<T> = { schema: ZodType<T>; decode?: never } | { decode: (body: ArrayBuffer) => Promise<T>; schema?: never };

export type UpstreamRequest<T> = {
  method: HttpMethod;
  path: string;
  query?: Record<string, string | number | undefined | null>;
  body?: unknown;
  /** Sent as Idempotency-Key; a POST with one may be retried safely. */
  idempotencyKey?: string;
  timeoutMs?: number;
} & AnswerParser<T>;

/** Thrown by a `decode` for a body that is not what was expected (the message says where). */
export class MalformedAnswer extends Error {
  override name = 'MalformedAnswer';
}

export type HttpClientOptions = {
  system: UpstreamSystem;
  baseUrl: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Retries after the first attempt, for safe requests only. */
  retries?: number;
  /** Parses an error body into the upstream's own fields. */
  parseError: (status: number, body: unknown) => { message: string; type?: string; code?: string; fieldErrors?: Record<string, string> };
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** The upstream's rate budget every call goes through (staff first); none: unlimited. */
  budget?: RateBudget;
};

/** A 429 means the call was not processed: background calls try again this often (the budget waits out Retry-After), staff calls once. */
const RATE_LIMITED_RETRIES = { staff: 1, background: 5 } as const;

const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);

/** Retries after the first attempt, for safe requests, unless a client sets its own. */
const DEFAULT_RETRIES = 2;
/** The longest wait between two attempts. */
const MAX_BACKOFF_MS = 2_000;

/**
 * The transport both upstream clients share: base URL joining, a timeout on every call,
 * JSON in and out, zod-parsed answers, typed errors, and retries with backoff only where a
 * retry cannot apply a change twice (GETs, and writes carrying an idempotency key).
 */
export class HttpClient {
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly opts: HttpClientOptions) {
    this.fetchImpl = opts.fetch ?? fetch;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  url(path: string, query?: UpstreamRequest<unknown>['query']): string {
    const base = this.opts.baseUrl.replace(/\/+$/, '');
    const url = new URL(base + '/' + path.replace(/^\/+/, ''));
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
    return url.toString();
  }

  /**
   * The longest one staff call through `request` can take once the rate budget has let it go, at
   * the client's timeout. A staff call waits out a 429 only while its first timeout allows, so
   * everything up to the end of such a wait lies within one timeout; at most 1 + retries attempts
   * follow, each ending within the timeout, with at most `retries` backoffs of MAX_BACKOFF_MS.
   * Reconciliation leaves actions younger than this (and a margin) alone
   * (server/audit/reconcile-age.ts).
   */
  longestRequestMs(): number {
    const retries = this.opts.retries ?? DEFAULT_RETRIES;
    const untilRateLimitWaitEnds = this.opts.timeoutMs;
    return untilRateLimitWaitEnds + (1 + retries) * this.opts.timeoutMs + retries * MAX_BACKOFF_MS;
  }

  async request<T>(req: UpstreamRequest<T>): Promise<T> {
    const priority = callPriority();
    const started = performance.now();
    const timeoutMs = req.timeoutMs ?? this.opts.timeoutMs;
    const safe = req.method === 'GET' || Boolean(req.idempotencyKey);
    const attempts = 1 + (safe ? (this.opts.retries ?? DEFAULT_RETRIES) : 0);
    let rateLimitedRetries: number = RATE_LIMITED_RETRIES[priority];
    for (let attempt = 1; ; attempt++) {
      await this.opts.budget?.acquire(priority);
      try {
        return await this.once(req);
      } catch (err) {
        if (!(err instanceof UpstreamError)) throw err;
        if (err.kind === 'http' && err.details.status === 429) {
          // Not processed, so safe to send again, even a write: background work after the pause
          // (the budget holds it back), a staff call once if its timeout still allows.
          const retryAfter = err.details.retryAfterSeconds ?? 1;
          this.opts.budget?.pauseBackground(retryAfter);
          if (rateLimitedRetries-- > 0) {
            if (priority === 'background') continue;
            if (performance.now() - started + retryAfter * 1000 < timeoutMs) {
              await this.sleep(retryAfter * 1000);
              continue;
            }
          }
          throw err;
        }
        // A timeout is not retried: the agent must hear back within the timeout, not a multiple of it.
        const retryable = err.kind === 'network' || (err.kind === 'http' && RETRYABLE_STATUS.has(err.details.status ?? 0));
        if (!retryable || attempt >= attempts) throw err;
        const backoff = Math.min(100 * 2 ** (attempt - 1) + Math.floor(Math.random() * 50), MAX_BACKOFF_MS);
        await this.sleep(backoff);
      }
    }
  }

  private async once<T>(req: UpstreamRequest<T>): Promise<T> {
    const { system } = this.opts;
    const url = this.url(req.path, req.query);
    const headers: Record<string, string> = { accept: 'application/json', ...this.opts.headers };
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    if (req.idempotencyKey) headers['idempotency-key'] = req.idempotencyKey;
    const timeoutMs = req.timeoutMs ?? this.opts.timeoutMs;
    const where = { method: req.method, path: new URL(url).pathname };
    let res: Response;
    let text: string;
    let bytes: ArrayBuffer | null = null;
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      res = await this.fetchImpl(url, { method: req.method, headers, body: req.body === undefined ? undefined : JSON.stringify(req.body), signal });
      if (req.decode && res.ok) bytes = await res.arrayBuffer();
      text = bytes ? '' : await res.text();
    } catch (err) {
      if (signal.aborted) throw new UpstreamError(system, 'timeout', `${system} did not answer within ${Math.round(timeoutMs / 1000)} s`, where);
      throw new UpstreamError(
        system,
        'network',
        `${system} could not be reached (${(err as Error).cause ? String((err as { cause: { code?: string } }).cause.code ?? (err as Error).message) : (err as Error).message})`,
        where,
      );
    }
    if (bytes && req.decode) {
      try {
        return await req.decode(bytes);
      } catch (err) {
        if (err instanceof MalformedAnswer)
          throw new UpstreamError(system, 'malformed', `${system} sent an answer subdesk does not understand (${err.message})`, {
            ...where,
            status: res.status,
          });
        throw err;
      }
    }
    let body: unknown;
    if (text.length) {
      try {
        body = JSON.parse(text);
      } catch {
        if (res.ok) throw new UpstreamError(system, 'malformed', `${system} sent an answer that is not JSON`, { ...where, status: res.status });
        body = text;
      }
    }
    if (!res.ok) {
      const parsed = this.opts.parseError(res.status, body);
      const retryAfter = res.headers.get('retry-after');
      const retryAfterSeconds = retryAfter !== null && /^\d+(\.\d+)?$/.test(retryAfter.trim()) ? Number(retryAfter) : undefined;
      throw new UpstreamError(system, 'http', parsed.message, {
        ...where,
        status: res.status,
        type: parsed.type,
        code: parsed.code,
        fieldErrors: parsed.fieldErrors,
        retryAfterSeconds,
      });
    }
    const result = req.schema!.safeParse(body);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new UpstreamError(
        system,
        'malformed',
        `${system} sent an answer subdesk does not understand (${issue?.path.join('.') || 'body'}: ${issue?.message})`,
        { ...where, status: res.status },
      );
    }
    return result.data;
  }
}

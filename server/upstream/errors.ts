export type UpstreamSystem = 'gigs' | 'centra';

/** How a call to an upstream ended badly. */
export type UpstreamFailureKind =
  | 'http' // the upstream answered with a status >= 400
  | 'timeout' // no answer within the timeout
  | 'network' // connection refused, reset or dropped
  | 'malformed'; // a 2xx whose body did not parse or match the expected shape

/**
 * A typed upstream error that keeps what the upstream said: its HTTP status, Gigs' `type` and
 * `code`, and Centra's per-field `errors`.
 */
export class UpstreamError extends Error {
  constructor(
    readonly system: UpstreamSystem,
    readonly kind: UpstreamFailureKind,
    message: string,
    readonly details: {
      status?: number;
      type?: string;
      code?: string;
      fieldErrors?: Record<string, string>;
      retryAfterSeconds?: number;
      method?: string;
      path?: string;
    } = {},
  ) {
    super(message);
    this.name = 'UpstreamError';
  }

  get status() {
    return this.details.status;
  }

  /** Plain data for the audit log (never includes keys or bearer links). */
  toJSON() {
    return { system: this.system, kind: this.kind, message: this.message, ...this.details };
  }
}

export const SYSTEM_NAME: Record<UpstreamSystem, string> = { gigs: 'Gigs', centra: 'Centra' };

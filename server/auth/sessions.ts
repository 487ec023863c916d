import type { AuthStore } from './store/index.ts';
import type { Principal } from '../http/context.ts';
import { hashSessionToken, newSessionToken } from './tokens.ts';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS } from './session-timing.ts';

export { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS };
/** last_seen_at is written at most this often per session: most requests only read. */
export const TOUCH_EVERY_MS = 30_000;

/** A live session: who, and how long it has left (milliseconds from now). */
export type ResolvedSession = { principal: Principal; expiresInMs: number; endsInMs: number };

/**
 * Server-side sessions: the cookie carries a 256-bit random token, the table only its SHA-256,
 * so a copy of the database cannot be replayed as a cookie. Ending a session is deleting its row,
 * which every instance sharing the database sees at the next request.
 */
export class SessionStore {
  constructor(
    private readonly store: AuthStore,
    private readonly now: () => number,
  ) {}

  /** A new session with a fresh token (never reuses one the browser brought: no fixation). */
  async create(staffId: number, meta: { ip?: string | null; userAgent?: string | null } = {}): Promise<{ token: string; sessionId: number }> {
    const token = newSessionToken();
    const sessionId = await this.store.createSession({ tokenHash: hashSessionToken(token), staffId, ...this.origin(meta) });
    return { token, sessionId };
  }

  /** What a new session row keeps of its request. */
  origin(meta: { ip?: string | null; userAgent?: string | null }): { now: number; ip: string | null; userAgent: string | null } {
    return { now: this.now(), ip: meta.ip ?? null, userAgent: meta.userAgent?.slice(0, 512) ?? null };
  }

  /**
   * The member behind a token, or null when there is no such session, it has expired (then it is
   * deleted) or the account is disabled. Role and flags are read from the staff row each time, so
   * a change applies to the very next request.
   */
  async resolve(token: string): Promise<Principal | null> {
    return (await this.resolveSession(token))?.principal ?? null;
  }

  /** resolve(), with the time the session has left after this request. */
  async resolveSession(token: string): Promise<ResolvedSession | null> {
    if (!token || token.length > 128) return null;
    const row = await this.store.sessionByTokenHash(hashSessionToken(token));
    if (!row) return null;
    const now = this.now();
    const expired = now - row.lastSeenAt > IDLE_TIMEOUT_MS || now - row.createdAt > ABSOLUTE_TIMEOUT_MS;
    if (expired || row.disabled) {
      await this.store.endSession(row.sessionId);
      return null;
    }
    let lastSeen = row.lastSeenAt;
    if (now - lastSeen >= TOUCH_EVERY_MS) {
      await this.store.touchSession(row.sessionId, row.staffId, now);
      lastSeen = now;
    }
    const endsAt = row.createdAt + ABSOLUTE_TIMEOUT_MS;
    return {
      principal: { id: row.staffId, email: row.email, role: row.role, mustChangePassword: row.mustChangePassword, sessionId: row.sessionId },
      expiresInMs: Math.min(lastSeen + IDLE_TIMEOUT_MS, endsAt) - now,
      endsInMs: endsAt - now,
    };
  }

  end(sessionId: number): Promise<boolean> {
    return this.store.endSession(sessionId);
  }

  /** Ends every session of a member (or all but one); answers how many ended. */
  endAllFor(staffId: number, exceptSessionId?: number): Promise<number> {
    return this.store.endSessionsOf(staffId, exceptSessionId);
  }

  countFor(staffId: number): Promise<number> {
    const now = this.now();
    return this.store.liveSessionCount(staffId, now - IDLE_TIMEOUT_MS, now - ABSOLUTE_TIMEOUT_MS);
  }
}

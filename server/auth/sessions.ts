import type { Db } from '../../db/connection.ts';
import type { Principal } from '../http/context.ts';
import type { Role } from '../vocabulary/roles.ts';
import { hashSessionToken, newSessionToken } from './tokens.ts';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS } from './session-timing.ts';

export { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS };
/** last_seen_at is written at most this often per session: most requests only read. */
export const TOUCH_EVERY_MS = 30_000;

/** A live session: who, and how long it has left (milliseconds from now). */
export type ResolvedSession = { principal: Principal; expiresInMs: number; endsInMs: number };

type SessionRow = {
  session_id: number;
  created_at: number;
  last_seen_at: number;
  staff_id: number;
  email: string;
  role: Role;
  must_change_password: number;
  disabled: number;
};

/**
 * Server-side sessions: the cookie carries a 256-bit random token, the table only its SHA-256,
 * so a copy of the database cannot be replayed as a cookie. Ending a session is deleting its row.
 */
export class SessionStore {
  private readonly insert;
  private readonly lookup;
  private readonly touchSession;
  private readonly touchStaff;
  private readonly deleteOne;
  private readonly deleteAll;
  private readonly deleteAllBut;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {
    const s = db.$client;
    this.insert = s.prepare('INSERT INTO staff_sessions (token_hash, staff_id, created_at, last_seen_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?)');
    this.lookup = s.prepare<[string], SessionRow>(`SELECT ss.id AS session_id, ss.created_at, ss.last_seen_at, st.id AS staff_id, st.email, st.role,
        st.must_change_password, st.disabled
      FROM staff_sessions ss JOIN staff st ON st.id = ss.staff_id WHERE ss.token_hash = ?`);
    this.touchSession = s.prepare('UPDATE staff_sessions SET last_seen_at = ? WHERE id = ?');
    this.touchStaff = s.prepare('UPDATE staff SET last_seen_at = ? WHERE id = ?');
    this.deleteOne = s.prepare('DELETE FROM staff_sessions WHERE id = ?');
    this.deleteAll = s.prepare('DELETE FROM staff_sessions WHERE staff_id = ?');
    this.deleteAllBut = s.prepare('DELETE FROM staff_sessions WHERE staff_id = ? AND id <> ?');
  }

  /** A new session with a fresh token (never reuses one the browser brought: no fixation). */
  create(staffId: number, meta: { ip?: string | null; userAgent?: string | null } = {}): { token: string; sessionId: number } {
    const token = newSessionToken();
    const now = this.now();
    const result = this.insert.run(hashSessionToken(token), staffId, now, now, meta.ip ?? null, meta.userAgent?.slice(0, 512) ?? null);
    this.touchStaff.run(now, staffId);
    return { token, sessionId: Number(result.lastInsertRowid) };
  }

  /**
   * The member behind a token, or null when there is no such session, it has expired (then it is
   * deleted) or the account is disabled. Role and flags are read from the staff row each time, so
   * a change applies to the very next request.
   */
  resolve(token: string): Principal | null {
    return this.resolveSession(token)?.principal ?? null;
  }

  /** resolve(), with the time the session has left after this request. */
  resolveSession(token: string): ResolvedSession | null {
    if (!token || token.length > 128) return null;
    const row = this.lookup.get(hashSessionToken(token));
    if (!row) return null;
    const now = this.now();
    const expired = now - row.last_seen_at > IDLE_TIMEOUT_MS || now - row.created_at > ABSOLUTE_TIMEOUT_MS;
    if (expired || row.disabled) {
      this.deleteOne.run(row.session_id);
      return null;
    }
    let lastSeen = row.last_seen_at;
    if (now - lastSeen >= TOUCH_EVERY_MS) {
      this.touchSession.run(now, row.session_id);
      this.touchStaff.run(now, row.staff_id);
      lastSeen = now;
    }
    const endsAt = row.created_at + ABSOLUTE_TIMEOUT_MS;
    return {
      principal: { id: row.staff_id, email: row.email, role: row.role, mustChangePassword: row.must_change_password === 1, sessionId: row.session_id },
      expiresInMs: Math.min(lastSeen + IDLE_TIMEOUT_MS, endsAt) - now,
      endsInMs: endsAt - now,
    };
  }

  end(sessionId: number): void {
    this.deleteOne.run(sessionId);
  }

  /** Ends every session of a member (or all but one); answers how many ended. */
  endAllFor(staffId: number, exceptSessionId?: number): number {
    const result = exceptSessionId === undefined ? this.deleteAll.run(staffId) : this.deleteAllBut.run(staffId, exceptSessionId);
    return result.changes;
  }

  countFor(staffId: number): number {
    const now = this.now();
    const row = this.db.$client
      .prepare<[number, number, number], { n: number }>('SELECT count(*) AS n FROM staff_sessions WHERE staff_id = ? AND last_seen_at >= ? AND created_at >= ?')
      .get(staffId, now - IDLE_TIMEOUT_MS, now - ABSOLUTE_TIMEOUT_MS);
    return row?.n ?? 0;
  }
}

import { eq, lt } from 'drizzle-orm';
import { pendingSignIns } from '../../db/schema.ts';
import type { Db } from '../../db/connection.ts';
import { hashSessionToken, newSessionToken } from './tokens.ts';

/** The password step is good for this long: time to find the phone or the key, or to enrol. */
export const PENDING_SIGN_IN_MS = 10 * 60_000;
/** Wrong second steps one pending sign-in takes before the password must be given again. */
export const PENDING_SIGN_IN_TRIES = 5;

export type PendingSignIn = typeof pendingSignIns.$inferSelect;

/**
 * Sign-ins whose password step is done and whose second step (or required enrolment) is not. They
 * are not sessions: the session store never sees them, so no route can mistake one for a member
 * signed in. The browser holds a 256-bit token (httpOnly cookie), the table its SHA-256.
 */
export class PendingSignIns {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  create(values: { staffId: number; purpose: 'verify' | 'enrol'; duringLock: boolean; passwordRight: boolean }): string {
    const token = newSessionToken();
    const now = this.now();
    this.db.delete(pendingSignIns).where(lt(pendingSignIns.expiresAt, now)).run();
    this.db
      .insert(pendingSignIns)
      .values({ ...values, tokenHash: hashSessionToken(token), createdAt: now, expiresAt: now + PENDING_SIGN_IN_MS })
      .run();
    return token;
  }

  /** The live pending sign-in behind a token, or null (unknown, expired: then it is removed). */
  find(token: string | undefined): PendingSignIn | null {
    if (!token || token.length > 128) return null;
    const row = this.db
      .select()
      .from(pendingSignIns)
      .where(eq(pendingSignIns.tokenHash, hashSessionToken(token)))
      .get();
    if (!row) return null;
    if (row.expiresAt <= this.now()) {
      this.end(row.id);
      return null;
    }
    return row;
  }

  setChallenge(id: number, challenge: string): void {
    this.db.update(pendingSignIns).set({ challenge }).where(eq(pendingSignIns.id, id)).run();
  }

  /** Counts a wrong second step; answers whether the pending sign-in is still good for another. */
  failed(row: PendingSignIn): boolean {
    const failures = row.failures + 1;
    if (row.duringLock || failures >= PENDING_SIGN_IN_TRIES) {
      this.end(row.id);
      return false;
    }
    this.db.update(pendingSignIns).set({ failures }).where(eq(pendingSignIns.id, row.id)).run();
    return true;
  }

  end(id: number): void {
    this.db.delete(pendingSignIns).where(eq(pendingSignIns.id, id)).run();
  }

  endAllFor(staffId: number): void {
    this.db.delete(pendingSignIns).where(eq(pendingSignIns.staffId, staffId)).run();
  }
}

import type { AuthStore, PendingSignInRow } from './store/index.ts';
import { hashSessionToken, newSessionToken } from './tokens.ts';

/** The password step is good for this long: time to find the phone or the key, or to enrol. */
export const PENDING_SIGN_IN_MS = 10 * 60_000;
/** Wrong second steps one pending sign-in takes before the password must be given again. */
export const PENDING_SIGN_IN_TRIES = 5;

export type PendingSignIn = PendingSignInRow;

/**
 * Sign-ins whose password step is done and whose second step (or required enrolment) is not. They
 * are not sessions: the session store never sees them, so no route can mistake one for a member
 * signed in. The browser holds a 256-bit token (httpOnly cookie), the table its SHA-256. Any
 * instance can finish one another started.
 */
export class PendingSignIns {
  constructor(
    private readonly store: AuthStore,
    private readonly now: () => number,
  ) {}

  async create(values: { staffId: number; purpose: 'verify' | 'enrol'; duringLock: boolean; passwordRight: boolean }): Promise<string> {
    const token = newSessionToken();
    const now = this.now();
    await this.store.createPendingSignIn({ ...values, tokenHash: hashSessionToken(token), createdAt: now, expiresAt: now + PENDING_SIGN_IN_MS }, now);
    return token;
  }

  /** The live pending sign-in behind a token, or null (unknown, expired: then it is removed). */
  async find(token: string | undefined): Promise<PendingSignIn | null> {
    if (!token || token.length > 128) return null;
    const row = await this.store.pendingSignInByTokenHash(hashSessionToken(token));
    if (!row) return null;
    if (row.expiresAt <= this.now()) {
      await this.end(row.id);
      return null;
    }
    return row;
  }

  setChallenge(id: number, challenge: string): Promise<void> {
    return this.store.setPendingSignInChallenge(id, challenge);
  }

  /**
   * Counts a wrong second step; answers whether the pending sign-in is still good for another.
   * Counted in the row, so wrong tries sent through several instances at once all count.
   */
  async failed(row: PendingSignIn): Promise<boolean> {
    const failures = row.duringLock ? null : await this.store.countPendingSignInFailure(row.id);
    if (failures === null || failures >= PENDING_SIGN_IN_TRIES) {
      await this.end(row.id);
      return false;
    }
    return true;
  }

  /** Ends it; answers whether this call ended it (false: it was already gone, spent by another request). */
  end(id: number): Promise<boolean> {
    return this.store.endPendingSignIn(id);
  }
}

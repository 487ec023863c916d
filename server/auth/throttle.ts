import type { AuthStore, ThrottleRow } from './store/index.ts';

/**
 * Sign-in throttling, one counter per account (`email:<keyed hash of the address as typed>`: what
 * was typed is never stored, server/auth/auth-key.ts) and one per address
 * (`ip:<peer>`), kept in login_throttle so it holds across restarts.
 *
 * An attempt is counted *before* its password is checked (scrypt takes ~0.3 s): parallel guesses
 * therefore see each other's counts, and at most `lockAfter` of them are ever checked per lock
 * window. A success takes its own count back.
 */
export type ThrottlePolicy = {
  /** Wait imposed after the n-th consecutive failure (index n-1); 0 = none. */
  delaysMs: number[];
  lockAfter: number;
  lockMs: number;
  /** Failures older than this (and not locked) are forgotten. */
  windowMs: number;
};

const MINUTE = 60_000;

export const ACCOUNT_POLICY: ThrottlePolicy = { delaysMs: [0, 0, 10_000, 30_000], lockAfter: 5, lockMs: 15 * MINUTE, windowMs: 15 * MINUTE };
/** Per address: generous, since an office behind one NAT shares it; still stops one machine spraying many accounts. */
export const IP_POLICY: ThrottlePolicy = { delaysMs: [], lockAfter: 20, lockMs: 15 * MINUTE, windowMs: 15 * MINUTE };

/**
 * Lifting an account's lock with the password and a second factor (server/auth/second-step.ts):
 * counted only when the password was right, so only someone holding it can use the tries up.
 */
export const LOCK_LIFT_POLICY: ThrottlePolicy = { delaysMs: [], lockAfter: 5, lockMs: 15 * MINUTE, windowMs: 15 * MINUTE };

export type ThrottleKey = { key: string; policy: ThrottlePolicy };

/** `emailFingerprint`: AuthKey.emailFingerprint of the normalized address. */
export const accountKey = (emailFingerprint: string): ThrottleKey => ({ key: `email:${emailFingerprint}`, policy: ACCOUNT_POLICY });
export const lockLiftKey = (emailFingerprint: string): ThrottleKey => ({ key: `lift:${emailFingerprint}`, policy: LOCK_LIFT_POLICY });
export const ipKey = (ip: string | null): ThrottleKey | null => (ip ? { key: `ip:${ip}`, policy: IP_POLICY } : null);

export type Admission = { admitted: true } | { admitted: false; retryAt: number };

/** The row, or null once it has expired (its lock passed and its window closed). */
function current(row: ThrottleRow | undefined, policy: ThrottlePolicy, now: number): ThrottleRow | null {
  if (!row) return null;
  const lockOver = row.lockedUntil === null || row.lockedUntil <= now;
  const windowOver = now - row.firstFailureAt > policy.windowMs;
  // A full lock that has run out releases the account completely.
  if (lockOver && (windowOver || row.failures >= policy.lockAfter)) return null;
  return row;
}

const present = (keys: (ThrottleKey | null)[]) => keys.filter((k): k is ThrottleKey => k !== null);

/**
 * The counters are rows shared by every instance (login_throttle): attempts on one account through
 * two instances count together, and the store reads and writes each attempt's counters as one step.
 */
export class LoginThrottle {
  constructor(
    private readonly store: AuthStore,
    private readonly now: () => number,
  ) {}

  private async rows(keys: ThrottleKey[]): Promise<Map<string, ThrottleRow>> {
    const rows = await this.store.throttleRows(keys.map((k) => k.key));
    return new Map(rows.map((r) => [r.key, r]));
  }

  /**
   * Admits an attempt and counts it as a failure in the same step, or says when the next attempt
   * is allowed. Call `succeeded` if the password turns out right.
   */
  admit(keys: (ThrottleKey | null)[]): Promise<Admission> {
    const live = present(keys);
    return this.store.changeThrottle<Admission>(
      live.map((k) => k.key),
      (found) => {
        const now = this.now();
        const rows = live.map((k) => ({ ...k, row: current(found.get(k.key), k.policy, now) }));
        const blockedUntil = Math.max(0, ...rows.map((r) => (r.row?.lockedUntil && r.row.lockedUntil > now ? r.row.lockedUntil : 0)));
        if (blockedUntil > 0) return { upsert: [], remove: [], result: { admitted: false, retryAt: blockedUntil } };
        const upsert = rows.map(({ key, policy, row }) => {
          const failures = (row?.failures ?? 0) + 1;
          const wait = failures >= policy.lockAfter ? policy.lockMs : (policy.delaysMs[failures - 1] ?? 0);
          return { key, failures, firstFailureAt: row?.firstFailureAt ?? now, lockedUntil: wait > 0 ? now + wait : null };
        });
        return { upsert, remove: [], result: { admitted: true } };
      },
    );
  }

  /** The attempt was right: the account starts afresh and the address gets its count back. */
  succeeded(keys: (ThrottleKey | null)[]): Promise<void> {
    return this.giveBack(keys, (k) => k.policy === ACCOUNT_POLICY);
  }

  /** Takes back one attempt's count on every key, the account's included: its earlier failures stand. */
  tookBack(keys: (ThrottleKey | null)[]): Promise<void> {
    return this.giveBack(keys, () => false);
  }

  private giveBack(keys: (ThrottleKey | null)[], clears: (k: ThrottleKey) => boolean): Promise<void> {
    const live = present(keys);
    return this.store.changeThrottle(
      live.map((k) => k.key),
      (found) => {
        const now = this.now();
        const upsert: ThrottleRow[] = [];
        const remove: string[] = [];
        for (const k of live) {
          if (clears(k)) {
            remove.push(k.key);
            continue;
          }
          const row = current(found.get(k.key), k.policy, now);
          if (!row) continue;
          const failures = row.failures - 1;
          if (failures <= 0) remove.push(k.key);
          else upsert.push({ key: k.key, failures, firstFailureAt: row.firstFailureAt, lockedUntil: failures >= k.policy.lockAfter ? row.lockedUntil : null });
        }
        return { upsert, remove, result: undefined };
      },
    );
  }

  /** Until when `key` is under its full lock (its policy's lockAfter failures), or null; short delays are not locks. */
  async lockedUntil(k: ThrottleKey): Promise<number | null> {
    const found = await this.rows([k]);
    const now = this.now();
    const row = current(found.get(k.key), k.policy, now);
    return row && row.failures >= k.policy.lockAfter && row.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
  }

  /** The account keys (`email:…`) under a full lock now, with when each ends. */
  async lockedAccounts(): Promise<Map<string, number>> {
    const rows = await this.store.lockedThrottleRows('email:', this.now(), ACCOUNT_POLICY.lockAfter);
    return new Map(rows.map((r) => [r.key, r.lockedUntil!]));
  }

  /** When the given keys will next admit an attempt (null: now). */
  async blockedUntil(keys: (ThrottleKey | null)[]): Promise<number | null> {
    const live = present(keys);
    const found = await this.rows(live);
    const now = this.now();
    let until = 0;
    for (const k of live) {
      const row = current(found.get(k.key), k.policy, now);
      if (row?.lockedUntil && row.lockedUntil > now) until = Math.max(until, row.lockedUntil);
    }
    return until || null;
  }
}

/** "in 15 minutes", "in 10 seconds": for the message that says when to try again. */
export function describeWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 90) return `in ${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `in ${minutes} minutes`;
}

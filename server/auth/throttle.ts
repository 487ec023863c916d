import type { Db } from '../../db/connection.ts';

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

type Row = { key: string; failures: number; first_failure_at: number; locked_until: number | null };

export type Admission = { admitted: true } | { admitted: false; retryAt: number };

export class LoginThrottle {
  private readonly read;
  private readonly upsert;
  private readonly remove;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {
    const sqlite = db.$client;
    this.read = sqlite.prepare<[string], Row>('SELECT key, failures, first_failure_at, locked_until FROM login_throttle WHERE key = ?');
    this.upsert =
      sqlite.prepare(`INSERT INTO login_throttle (key, failures, first_failure_at, locked_until) VALUES (@key, @failures, @firstFailureAt, @lockedUntil)
      ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, first_failure_at = excluded.first_failure_at, locked_until = excluded.locked_until`);
    this.remove = sqlite.prepare('DELETE FROM login_throttle WHERE key = ?');
  }

  /** The row, or null once it has expired (its lock passed and its window closed). */
  private current(key: string, policy: ThrottlePolicy, now: number): Row | null {
    const row = this.read.get(key);
    if (!row) return null;
    const lockOver = row.locked_until === null || row.locked_until <= now;
    const windowOver = now - row.first_failure_at > policy.windowMs;
    // A full lock that has run out releases the account completely.
    if (lockOver && (windowOver || row.failures >= policy.lockAfter)) return null;
    return row;
  }

  /**
   * Admits an attempt and counts it as a failure in the same synchronous transaction, or says
   * when the next attempt is allowed. Call `succeeded` if the password turns out right.
   */
  admit(keys: (ThrottleKey | null)[]): Admission {
    const live = keys.filter((k): k is ThrottleKey => k !== null);
    const tx = this.db.$client.transaction((): Admission => {
      const now = this.now();
      const rows = live.map((k) => ({ ...k, row: this.current(k.key, k.policy, now) }));
      const blockedUntil = Math.max(0, ...rows.map((r) => (r.row?.locked_until && r.row.locked_until > now ? r.row.locked_until : 0)));
      if (blockedUntil > 0) return { admitted: false, retryAt: blockedUntil };
      for (const { key, policy, row } of rows) {
        const failures = (row?.failures ?? 0) + 1;
        const wait = failures >= policy.lockAfter ? policy.lockMs : (policy.delaysMs[failures - 1] ?? 0);
        this.upsert.run({ key, failures, firstFailureAt: row?.first_failure_at ?? now, lockedUntil: wait > 0 ? now + wait : null });
      }
      return { admitted: true };
    });
    return tx.immediate();
  }

  /** The attempt was right: the account starts afresh and the address gets its count back. */
  succeeded(keys: (ThrottleKey | null)[]): void {
    this.giveBack(keys, (k) => k.policy === ACCOUNT_POLICY);
  }

  /** Takes back one attempt's count on every key, the account's included: its earlier failures stand. */
  tookBack(keys: (ThrottleKey | null)[]): void {
    this.giveBack(keys, () => false);
  }

  private giveBack(keys: (ThrottleKey | null)[], clears: (k: ThrottleKey) => boolean): void {
    const tx = this.db.$client.transaction(() => {
      const now = this.now();
      for (const k of keys) {
        if (!k) continue;
        if (clears(k)) {
          this.remove.run(k.key);
          continue;
        }
        const row = this.current(k.key, k.policy, now);
        if (!row) continue;
        const failures = row.failures - 1;
        if (failures <= 0) this.remove.run(k.key);
        else
          this.upsert.run({
            key: k.key,
            failures,
            firstFailureAt: row.first_failure_at,
            lockedUntil: failures >= k.policy.lockAfter ? row.locked_until : null,
          });
      }
    });
    tx.immediate();
  }

  /** Until when `key` is under its full lock (its policy's lockAfter failures), or null; short delays are not locks. */
  lockedUntil(k: ThrottleKey): number | null {
    const now = this.now();
    const row = this.current(k.key, k.policy, now);
    return row && row.failures >= k.policy.lockAfter && row.locked_until && row.locked_until > now ? row.locked_until : null;
  }

  /** The account keys (`email:…`) under a full lock now, with when each ends. */
  lockedAccounts(): Map<string, number> {
    const now = this.now();
    const rows = this.db.$client
      .prepare<[number, number], { key: string; locked_until: number }>(
        "SELECT key, locked_until FROM login_throttle WHERE key LIKE 'email:%' AND locked_until > ? AND failures >= ?",
      )
      .all(now, ACCOUNT_POLICY.lockAfter);
    return new Map(rows.map((r) => [r.key, r.locked_until]));
  }

  /** When the given keys will next admit an attempt (null: now). */
  blockedUntil(keys: (ThrottleKey | null)[]): number | null {
    const now = this.now();
    let until = 0;
    for (const k of keys) {
      if (!k) continue;
      const row = this.current(k.key, k.policy, now);
      if (row?.locked_until && row.locked_until > now) until = Math.max(until, row.locked_until);
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

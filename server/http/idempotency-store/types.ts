import type { idempotentRequests } from '../../../db/schema.ts';

/** A member's retry key and what its first request answered (status null: still running). */
export type KeptAnswer = typeof idempotentRequests.$inferSelect;
export type RetryKeyOf = { staffId: number; key: string };

/**
 * The idempotent_requests table (server/http/idempotency-store/index.ts picks the engine's). A key
 * is claimed by a row, so a retry that reaches another instance finds the first request's claim
 * or answer there.
 */
export type IdempotencyStore = {
  /**
   * Forgets keys claimed before `keptSince`, then claims this one for a request: null when the
   * claim is this request's, otherwise the row an earlier request with the key left (its answer,
   * or status null while it runs). Of two requests claiming one key at once, exactly one gets null.
   */
  claim(claim: RetryKeyOf & { requestHash: string; createdAt: string }, keptSince: string): Promise<KeptAnswer | null>;
  /** Keeps the answer to a claimed key, for its retries. */
  keep(of: RetryKeyOf, answer: { status: number; body: string }): Promise<void>;
  /** Gives a claimed key up (nothing certain happened): its retry runs again. */
  release(of: RetryKeyOf): Promise<void>;
};

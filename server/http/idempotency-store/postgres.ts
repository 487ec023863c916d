import { and, eq, lt } from 'drizzle-orm';
import { idempotentRequests } from '../../../db/schema.pg.ts';
import type { PostgresEngine } from '../../storage/engine.ts';
import type { IdempotencyStore } from './types.ts';

/** A claim that lost its row in between (the first request gave it up) is tried again, this often at most. */
const CLAIM_TRIES = 3;

/**
 * Two instances: the claim is an INSERT ... ON CONFLICT DO NOTHING on the key's primary key, so of
 * two requests with one key (on one instance or two) exactly one inserts; the other waits for that
 * insert's commit and then reads the row it left.
 */
export function postgresIdempotencyStore({ db }: PostgresEngine): IdempotencyStore {
  const ofKey = (staffId: number, key: string) => and(eq(idempotentRequests.staffId, staffId), eq(idempotentRequests.key, key));
  return {
    async claim(c, keptSince) {
      await db.delete(idempotentRequests).where(lt(idempotentRequests.createdAt, keptSince));
      for (let i = 0; i < CLAIM_TRIES; i++) {
        const claimed = await db
          .insert(idempotentRequests)
          .values({ staffId: c.staffId, key: c.key, requestHash: c.requestHash, createdAt: c.createdAt })
          .onConflictDoNothing()
          .returning({ key: idempotentRequests.key });
        if (claimed.length) return null;
        const [row] = await db.select().from(idempotentRequests).where(ofKey(c.staffId, c.key));
        if (row) return row;
      }
      throw new Error('the Idempotency-Key could not be claimed: it was claimed and given up again repeatedly');
    },
    async keep({ staffId, key }, answer) {
      await db.update(idempotentRequests).set(answer).where(ofKey(staffId, key));
    },
    async release({ staffId, key }) {
      await db.delete(idempotentRequests).where(ofKey(staffId, key));
    },
  };
}

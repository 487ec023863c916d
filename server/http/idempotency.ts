import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.ts';
import { AppError } from './errors.ts';
import { z } from 'zod';

/**
 * A retry key, as the IETF draft "The Idempotency-Key HTTP Header Field" has it (and Gigs takes
 * up to 255 characters): sent again with a retry, it makes the retry answer the first result.
 */
export const retryKey = z
  .string()
  .min(1, 'must not be empty')
  .max(255, 'must be at most 255 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

/** How long an answer is kept for a retry, as Gigs keeps its own (docs/upstreams.md). */
const KEEP_MS = 24 * 60 * 60 * 1000;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The IETF draft's Idempotency-Key for actions whose upstream has none (Centra's changes): the
 * first answer to a member's key is kept 24 hours, and a retry with the same key answers it again
 * (with `Idempotency-Replayed: true`) without running the action, so nothing is sent upstream
 * twice. The same key with another request is a 422; while the first is still running, a 409.
 * Answers that say nothing happened for sure (5xx: the upstream failed or did not answer) are not
 * kept, so the retry runs (Centra's changes set a value: sending one again is harmless). Requests
 * without the header are untouched. Not for Connect links: their answer holds a bearer link that
 * must never be stored, and Gigs replays them itself (server/gigs/idempotency.ts).
 */
export function idempotentActions(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('idempotency-key');
    const principal = c.get('principal');
    if (header === undefined || !UNSAFE.has(c.req.method) || !principal) return next();
    const parsed = retryKey.safeParse(header);
    if (!parsed.success)
      throw new AppError(400, `The Idempotency-Key header ${parsed.error.issues[0]!.message}.`, { 'idempotency-key': parsed.error.issues[0]!.message });
    const { idempotency, clock } = c.get('deps');
    const body = await c.req.raw.clone().text();
    const hash = createHash('sha256').update(`${c.req.method} ${c.req.path}\n${body}`).digest('hex');
    const now = clock();
    const of = { staffId: principal.id, key: parsed.data };
    const claimed = await idempotency.claim({ ...of, requestHash: hash, createdAt: now.toISOString() }, new Date(now.getTime() - KEEP_MS).toISOString());
    if (claimed) {
      if (claimed.requestHash !== hash)
        throw new AppError(
          422,
          'This Idempotency-Key was already used for another request. Use a new key for a new request.',
          { 'idempotency-key': 'was used for another request' },
          'idempotencyKeyReused',
        );
      if (claimed.status === null)
        throw new AppError(409, 'A request with this Idempotency-Key is still being handled. Wait for its answer, then retry.', {}, 'idempotencyKeyInFlight');
      c.header('Idempotency-Replayed', 'true');
      return c.body(claimed.body ?? '', claimed.status as 200, { 'content-type': 'application/json' });
    }
    let kept = false;
    try {
      await next();
      if (c.res.status < 500) {
        await idempotency.keep(of, { status: c.res.status, body: await c.res.clone().text() });
        kept = true;
      }
    } finally {
      if (!kept) await idempotency.release(of);
    }
  };
}

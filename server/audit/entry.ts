import { chainHash, entryCanonicalJson, GENESIS_HASH } from './canonical.ts';
import type { AuditEntry, AuditInput } from './log.ts';
import { redact } from './redact.ts';
import { storedUserAgent } from './stored-text.ts';
import type { AuditSigner, CheckpointBody } from './signing.ts';

/**
 * What an append computes, whatever the engine: the next entry from the input and the chain head
 * read under the append's lock, and the body of a checkpoint. Pure, so the SQLite log
 * (server/audit/log.ts) and the PostgreSQL appender (server/storage/pg/audit-append.ts) hash the
 * same bytes (log.ts's appendInTransaction calls it); test/audit-entry.test.ts holds them to it.
 */

/** The newest entry of the chain, as an append reads it. */
export type ChainHead = { seq: number; hash: string; time: string };

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(redact(v)));

/**
 * The entry that follows `head` (undefined: the first). Time never goes backwards along the chain:
 * a clock behind the head's (a step back, or another instance's clock) reuses the head's time.
 */
export function nextEntry(input: AuditInput, head: ChainHead | undefined, now: string): AuditEntry {
  const actor = input.actor;
  const fields = {
    seq: (head?.seq ?? 0) + 1,
    time: head && head.time > now ? head.time : now,
    requestId: input.requestId,
    actorType: actor.type,
    actorId: 'id' in actor && actor.id != null ? String(actor.id) : null,
    actorEmail: 'email' in actor && actor.email ? actor.email : null,
    actorRole: actor.type === 'staff' ? actor.role : actor.type,
    ip: input.ip ?? null,
    userAgent: input.userAgent ? storedUserAgent(input.userAgent) : null,
    action: input.action,
    targetType: input.target?.type ?? null,
    targetId: input.target?.id ?? null,
    customerId: input.customerId ?? null,
    request: json(input.request),
    before: json(input.before),
    after: json(input.after),
    outcome: input.outcome,
    error: json(input.error),
    upstreamRef: input.upstreamRef ?? null,
  };
  const prevHash = head?.hash ?? GENESIS_HASH;
  return { ...fields, prevHash, hash: chainHash(prevHash, entryCanonicalJson(fields)) };
}

/** What a checkpoint of `head` signs; `prevSeq` is the previous checkpoint's seq (0: none). */
export const checkpointBody = (signer: AuditSigner, head: ChainHead, prevSeq: number, time: string): CheckpointBody => ({
  seq: head.seq,
  hash: head.hash,
  time,
  keyId: signer.keyId,
  prevSeq,
});

/** How the derived list of `requested` entries changes with this entry. */
export function pendingChange(entry: AuditEntry): 'add' | 'settle' | null {
  if (entry.outcome === 'requested') return 'add';
  if (entry.outcome === 'succeeded' || entry.outcome === 'failed') return 'settle';
  return null;
}

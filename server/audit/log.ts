import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connection.ts';
import { canonicalJson, chainHash, GENESIS_HASH } from './canonical.ts';
import { redact } from './redact.ts';

export type Outcome = 'requested' | 'succeeded' | 'failed' | 'denied';

export type Actor =
  | { type: 'staff'; id: string; email: string; role: string }
  | { type: 'customer'; id?: string | null; email?: string | null }
  | { type: 'system' }
  | { type: 'anonymous'; email?: string | null };

/** Where a request came from: built once per request by `auditContext(c)`. */
export type RequestOrigin = {
  requestId: string;
  actor: Actor;
  ip?: string | null;
  userAgent?: string | null;
};

export type AuditInput = RequestOrigin & {
  action: string;
  outcome: Outcome;
  target?: { type: string; id: string } | null;
  customerId?: string | null;
  request?: unknown;
  before?: unknown;
  after?: unknown;
  error?: unknown;
  upstreamRef?: string | null;
};

export type AuditEntry = {
  seq: number;
  time: string;
  requestId: string;
  actorType: Actor['type'];
  actorId: string | null;
  actorEmail: string | null;
  actorRole: string | null;
  ip: string | null;
  userAgent: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  customerId: string | null;
  request: string | null;
  before: string | null;
  after: string | null;
  outcome: Outcome;
  error: string | null;
  upstreamRef: string | null;
  prevHash: string;
  hash: string;
};

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(redact(v)));

/** The fields of an entry that the hash covers: everything but prev_hash and hash. */
export function hashedFields(e: Omit<AuditEntry, 'prevHash' | 'hash'>) {
  return {
    seq: e.seq, time: e.time, requestId: e.requestId, actorType: e.actorType, actorId: e.actorId,
    actorEmail: e.actorEmail, actorRole: e.actorRole, ip: e.ip, userAgent: e.userAgent, action: e.action,
    targetType: e.targetType, targetId: e.targetId, customerId: e.customerId, request: e.request,
    before: e.before, after: e.after, outcome: e.outcome, error: e.error, upstreamRef: e.upstreamRef,
  };
}

export const newRequestId = () => randomUUID();

/**
 * Appends entries to the hash-chained audit log. The previous hash is read inside the same
 * IMMEDIATE transaction that inserts, so two writers can never fork the chain.
 */
export class AuditLog {
  private readonly insert;
  private readonly head;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {
    const sqlite = db.$client;
    this.head = sqlite.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1');
    this.insert = sqlite.prepare(`INSERT INTO audit_events
      (seq, time, request_id, actor_type, actor_id, actor_email, actor_role, ip, user_agent, action,
       target_type, target_id, customer_id, request, before, after, outcome, error, upstream_ref, prev_hash, hash)
      VALUES (@seq, @time, @requestId, @actorType, @actorId, @actorEmail, @actorRole, @ip, @userAgent, @action,
       @targetType, @targetId, @customerId, @request, @before, @after, @outcome, @error, @upstreamRef, @prevHash, @hash)`);
  }

  /** Appends one entry and commits it durably before returning. */
  record(input: AuditInput): AuditEntry {
    const tx = this.db.$client.transaction(() => {
      const head = this.head.get() as { seq: number; hash: string } | undefined;
      const actor = input.actor;
      const fields = {
        seq: (head?.seq ?? 0) + 1,
        time: this.clock().toISOString(),
        requestId: input.requestId,
        actorType: actor.type,
        actorId: 'id' in actor && actor.id != null ? String(actor.id) : null,
        actorEmail: 'email' in actor && actor.email ? actor.email : null,
        actorRole: actor.type === 'staff' ? actor.role : actor.type,
        ip: input.ip ?? null,
        userAgent: input.userAgent ? input.userAgent.slice(0, 512) : null,
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
      const entry: AuditEntry = { ...fields, prevHash, hash: chainHash(prevHash, canonicalJson(hashedFields(fields))) };
      this.insert.run(entry);
      return entry;
    });
    return tx.immediate();
  }
}

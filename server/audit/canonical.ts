import type { auditEvents } from '../../db/schema.ts';
import { createHash } from 'node:crypto';

/**
 * Canonical JSON (RFC 8785 style for the values we store): object keys sorted, no spaces,
 * undefined dropped. Two processes hashing the same entry always produce the same bytes.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const keys = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

export const GENESIS_HASH = '0'.repeat(64);

export function chainHash(prevHash: string, canonicalEntry: string): string {
  return createHash('sha256').update(prevHash).update(canonicalEntry).digest('hex');
}

/** The stored columns an entry's hash covers, as they come out of the database. */
export type HashedEntry = Omit<typeof auditEvents.$inferSelect, 'prevHash' | 'hash'>;

/**
 * canonicalJson(hashedFields(entry)) without walking or sorting: an object literal whose keys are
 * written in sorted order, stringified once. Every hashed value is a string, null or the integer
 * seq, so V8's JSON.stringify gives the same bytes as canonicalJson, about twice as fast as
 * concatenating per-field JSON.stringify calls: verify() hashes a million entries with it.
 * A test pins it to canonicalJson.
 */
export function entryCanonicalJson(e: HashedEntry): string {
  return JSON.stringify({
    action: e.action,
    actorEmail: e.actorEmail ?? null,
    actorId: e.actorId ?? null,
    actorRole: e.actorRole ?? null,
    actorType: e.actorType,
    after: e.after ?? null,
    before: e.before ?? null,
    customerId: e.customerId ?? null,
    error: e.error ?? null,
    ip: e.ip ?? null,
    outcome: e.outcome,
    request: e.request ?? null,
    requestId: e.requestId,
    seq: e.seq,
    targetId: e.targetId ?? null,
    targetType: e.targetType ?? null,
    time: e.time,
    upstreamRef: e.upstreamRef ?? null,
    userAgent: e.userAgent ?? null,
  });
}

/**
 * entryCanonicalJson for a raw database row in the column order
 * seq, time, request_id, actor_type, actor_id, actor_email, actor_role, ip, user_agent, action,
 * target_type, target_id, customer_id, request, before, after, outcome, error, upstream_ref
 * (columns are never undefined, only null): verify() skips building an entry object per row.
 */
export function rowCanonicalJson(r: ReadonlyArray<unknown>): string {
  return JSON.stringify({
    action: r[9],
    actorEmail: r[5],
    actorId: r[4],
    actorRole: r[6],
    actorType: r[3],
    after: r[15],
    before: r[14],
    customerId: r[12],
    error: r[17],
    ip: r[7],
    outcome: r[16],
    request: r[13],
    requestId: r[2],
    seq: r[0],
    targetId: r[11],
    targetType: r[10],
    time: r[1],
    upstreamRef: r[18],
    userAgent: r[8],
  });
}

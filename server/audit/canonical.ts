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
export type HashedEntry = {
  seq: number;
  time: string;
  requestId: string;
  actorType: string;
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
  outcome: string;
  error: string | null;
  upstreamRef: string | null;
};

const str = (v: string | null) => (v === null ? 'null' : JSON.stringify(v));

/**
 * canonicalJson(hashedFields(entry)) written out by hand, keys already in sorted order. Every
 * hashed value is a string, null or the integer seq, so this gives the same bytes without
 * walking objects or sorting keys: verify() hashes a million entries with it in a few seconds.
 * A test pins it to canonicalJson.
 */
export function entryCanonicalJson(e: HashedEntry): string {
  return (
    `{"action":${str(e.action)},"actorEmail":${str(e.actorEmail)},"actorId":${str(e.actorId)},` +
    `"actorRole":${str(e.actorRole)},"actorType":${str(e.actorType)},"after":${str(e.after)},` +
    `"before":${str(e.before)},"customerId":${str(e.customerId)},"error":${str(e.error)},"ip":${str(e.ip)},` +
    `"outcome":${str(e.outcome)},"request":${str(e.request)},"requestId":${str(e.requestId)},` +
    `"seq":${e.seq},"targetId":${str(e.targetId)},"targetType":${str(e.targetType)},"time":${str(e.time)},` +
    `"upstreamRef":${str(e.upstreamRef)},"userAgent":${str(e.userAgent)}}`
  );
}

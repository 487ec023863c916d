import { createHash, randomBytes } from 'node:crypto';

/** Gigs ids: a resource prefix, an underscore and 28 opaque characters (docs examples). */
export type IdPrefix = 'usr' | 'sub' | 'sim' | 'pln' | 'add' | 'sad' | 'csn' | 'prt' | 'cov' | 'adr' | 'evt' | 'msg';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_LENGTH = 28;

function encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < ID_LENGTH; i++) out += ALPHABET[bytes[i]! % 62];
  return out;
}

/** A fresh id for objects created at run time. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${encode(randomBytes(ID_LENGTH))}`;
}

/** The same id for the same seed key on every machine, so seeded data is reproducible. */
export function seededId(prefix: IdPrefix, key: string): string {
  return `${prefix}_${encode(createHash('sha256').update(`${prefix}:${key}`).digest())}`;
}

/** Opaque bearer token for a hosted Connect page; only its hash is stored. */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** ISO 8601 UTC with `Z` and whole seconds, like Gigs' examples. */
export function iso(date: Date | number): string {
  return new Date(typeof date === 'number' ? date : date.getTime()).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Rows are ordered by `seq`, which is derived from the creation second so that "newest first"
 * by seq is newest first by createdAt; the low bits keep seqs unique within a second.
 */
export const SEQ_PER_SECOND = 2 ** 21;

export function seqFor(createdAtMs: number, counter: number): number {
  return Math.floor(createdAtMs / 1000) * SEQ_PER_SECOND + (counter % SEQ_PER_SECOND);
}

export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.getTime();
}

export const DAY_MS = 86_400_000;

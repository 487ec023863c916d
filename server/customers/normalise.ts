import { createHash } from 'node:crypto';

/**
 * The one place where text becomes comparable: index text and queries go through the same
 * functions, so "Zoë Ångström", "zoe angstrom" and "ZOE ANGSTROM" all meet as "zoe angstrom".
 */

/** The person key: an e-mail trimmed and lower-cased (docs/architecture.md, "Customers: one person, two systems"). */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * subdesk's own opaque customer id: stable for an e-mail key, reveals nothing about it.
 * 20 base32 characters = 100 bits of SHA-256, far beyond any collision at a million people.
 */
export function customerIdFor(key: string): string {
  const digest = createHash('sha256').update(key).digest();
  let out = 'cus_';
  let bits = 0;
  let value = 0;
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < 24) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length >= 24) break;
  }
  return out;
}

// Letters NFD cannot take apart into base letter + accent.
const SPECIAL: Record<string, string> = { ß: 'ss', ł: 'l', ø: 'o', æ: 'ae', œ: 'oe', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h' };
const SPECIAL_RE = /[ßłøæœđðþıħ]/g;

/**
 * Folds text to ASCII lower case: accents removed, special letters spelled out, anything that is
 * not a letter, digit or one of the characters e-mails and ids use becomes a space.
 */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(SPECIAL_RE, (ch) => SPECIAL[ch] ?? ch)
    .replace(/[^a-z0-9@._+-]+/g, ' ')
    .trim();
}

/** Digits only: how phone numbers are indexed and how digit-like queries are compared. */
export function digitsOf(text: string): string {
  return text.replace(/\D+/g, '');
}

/** A query is a phone-like number when, spacing and punctuation aside, it is only digits. */
export function isDigitQuery(q: string): boolean {
  return /^[\s\d+\-()./]+$/.test(q) && /\d/.test(q);
}

/**
 * A stored phone number in E.164 when it already is one, else as given (trimmed). Upstreams
 * hand us E.164; this only keeps junk from reaching the index.
 */
export function normalisePhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const trimmed = phone.trim();
  if (!trimmed) return null;
  const digits = digitsOf(trimmed);
  if (!digits) return null;
  return trimmed.startsWith('+') || trimmed.startsWith('00') ? `+${trimmed.startsWith('00') ? digits.slice(2) : digits}` : trimmed;
}

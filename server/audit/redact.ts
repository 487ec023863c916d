/**
 * Removes secrets before anything is written to the audit log or a log line: passwords,
 * keys, tokens, and Connect Session URLs (bearer links). Applied to request, before, after
 * and error of every entry, so a route cannot forget.
 */
const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|private[-_]?key|authorization|cookie|^url$|connectUrl|signature/i;
// A Connect Session URL (`https://connect.gigs.com/checkout/entry?session=csn_…&token=…`) or any
// link carrying a token: the whole link goes, not just the token, since it is a bearer link.
const BEARER_LINK = /https?:\/\/[^\s"']*[?&#](token|session|access_token|code)=[^\s"']*/gi;
// Credentials pasted into free text: `Bearer abc…`, `Basic abc…`.
const AUTH_SCHEME = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g;

export const REDACTED = '[redacted]';

export function redact<T>(value: T, depth = 0): T {
  if (depth > 20) return REDACTED as T;
  if (typeof value === 'string') return value.replace(BEARER_LINK, REDACTED).replace(AUTH_SCHEME, `$1 ${REDACTED}`) as T;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = SECRET_KEY.test(k) && v !== null && v !== undefined ? REDACTED : redact(v, depth + 1);
  }
  return out as T;
}

import { createHash, randomBytes, randomInt } from 'node:crypto';

/** 256 random bits, URL-safe: the session cookie's value. Only its SHA-256 is stored. */
export const newSessionToken = () => randomBytes(32).toString('base64url');

export const hashSessionToken = (token: string) => createHash('sha256').update(token).digest('hex');

// No 0/o, 1/l/i: a one-time password is read off a screen and typed or pasted once.
const OTP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A one-time password signs in for 72 hours after it is issued; then only a new one from an admin works. */
export const ONE_TIME_PASSWORD_LIFETIME_MS = 72 * 60 * 60_000;

/** Four groups of five (about 99 bits): e.g. `k7m2q-...`. Shown once to the admin, then only its hash is kept. */
export function newOneTimePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = '';
    for (let i = 0; i < 5; i++) group += OTP_ALPHABET[randomInt(OTP_ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

import { Secret, TOTP } from 'otpauth';

/**
 * Authenticator apps (RFC 6238): SHA-1, 6 digits, 30 seconds, what every app reads from a QR code.
 * A code is accepted for its step and one step either side (clocks drift), and never twice: the
 * caller keeps the last accepted step.
 */
const PERIOD_SECONDS = 30;
const settings = { algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS } as const;

/** A new shared secret (160 bits, base32 as apps take it). */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

/** The `otpauth://` URI the QR code carries. */
export function totpUri(secret: string, account: string, issuer: string): string {
  return new TOTP({ ...settings, issuer, label: account, secret: Secret.fromBase32(secret) }).toString();
}

/** The step the code is right for, or null. `after`: the last step accepted before (or null). */
export function totpStep(secret: string, typed: string, nowMs: number, after: number | null): number | null {
  const token = typed.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = TOTP.validate({ ...settings, token, secret: Secret.fromBase32(secret), timestamp: nowMs, window: 1 });
  if (delta === null) return null;
  const step = Math.floor(nowMs / 1000 / PERIOD_SECONDS) + delta;
  return after !== null && step <= after ? null : step;
}

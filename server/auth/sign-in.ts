import type { AuthDeps as Deps } from './services.ts';
import type { RequestOrigin } from '../audit/log.ts';
import type { Principal } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import { hashPassword, needsRehash, verifyPassword } from './password.ts';
import { authServices } from './services.ts';
import { accountKey, describeWait, ipKey, type ThrottleKey } from './throttle.ts';
import { normalizeEmail } from './staff-directory.ts';
import { staff } from '../../db/schema.ts';
import type { AuthKey } from './auth-key.ts';
import { eq } from 'drizzle-orm';

/** The one answer for a wrong e-mail and a wrong password alike. */
export const WRONG_CREDENTIALS = 'The e-mail address or password is not right. Check both and try again.';

export const ONE_TIME_PASSWORD_EXPIRED =
  'This one-time password has expired: one-time passwords work for 72 hours after they are issued. Ask an admin for a new one.';

/** Sign-in refused by throttling: the route answers 429 with Retry-After. */
export class ThrottledError extends AppError {
  constructor(readonly retryAfterSeconds: number, message: string) {
    super(429, message, {}, 'tooManyAttempts');
  }
}

export function throttledError(deps: Deps, retryAt: number): ThrottledError {
  const waitMs = retryAt - deps.clock().getTime();
  return new ThrottledError(Math.max(1, Math.ceil(waitMs / 1000)), `Too many failed sign-in attempts. Try again ${describeWait(waitMs)}.`);
}

/** A one-time password is pending and has not expired. */
const liveOneTimePassword = (row: { mustChangePassword: boolean; oneTimePasswordExpiresAt: number | null }, now: number) =>
  row.mustChangePassword && row.oneTimePasswordExpiresAt !== null && now < row.oneTimePasswordExpiresAt;

export type SignInResult = { principal: Principal; token: string };

/**
 * Who a failed sign-in was for, as the audit log keeps it. A member's address is no secret: their
 * entry names them. An address no member has may be anything typed into the field, a password
 * pasted there included: only its keyed hash (equal for equal addresses, so repeated tries
 * still line up) and its domain, when it reads as one, are kept.
 */
function whoTried(key: AuthKey, email: string, member: { id: number; email: string } | undefined) {
  if (member) return { actor: { type: 'anonymous' as const, email: member.email }, target: { type: 'staff', id: String(member.id) }, request: { email: member.email } };
  const domain = email.includes('@') ? email.slice(email.lastIndexOf('@') + 1) : '';
  const readsAsDomain = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domain);
  return { actor: { type: 'anonymous' as const }, target: null, request: { emailFingerprint: key.emailFingerprint(email), emailDomain: readsAsDomain ? domain : null } };
}

/**
 * Checks an e-mail and password and opens a new session. The attempt is counted by the throttle
 * before the (slow) password check, so parallel guesses cannot slip past the lock. An unknown
 * e-mail is checked against a dummy hash: same answer, same time. Every attempt is audited.
 */
export async function signIn(deps: Deps, input: { email: string; password: string }, origin: RequestOrigin & { ip: string | null }): Promise<SignInResult> {
  const { throttle, sessions, staff: directory, key } = authServices(deps);
  const email = normalizeEmail(input.email);
  const keys: (ThrottleKey | null)[] = [accountKey(key.emailFingerprint(email)), ipKey(origin.ip)];
  const row = directory.findByEmail(email);
  const failed = (reason: string) =>
    deps.audit.record({ ...origin, action: 'auth.login.failed', outcome: 'failed', error: { reason }, ...whoTried(key, email, row) });

  // The lock stops guessing. A one-time password an admin issued (about 99 random bits) is not
  // guessed, so it is still checked while the account is locked: whoever holds it gets in at once,
  // though anyone who knows the address can keep the lock on. Such a try counts against the
  // address only (the account is locked already), and a wrong one gets the locked answer.
  const lockedUntil = throttle.lockedUntil(accountKey(key.emailFingerprint(email)));
  const passesLock = lockedUntil !== null && row !== undefined && liveOneTimePassword(row, deps.clock().getTime());
  const admission = throttle.admit(passesLock ? [ipKey(origin.ip)] : keys);
  if (!admission.admitted) {
    failed('throttled');
    throw throttledError(deps, admission.retryAt);
  }

  const ok = await verifyPassword(row?.passwordHash ?? null, input.password);
  if (!ok || !row) {
    failed(row ? 'wrong password' : 'unknown e-mail');
    if (passesLock) throw throttledError(deps, lockedUntil);
    const until = throttle.blockedUntil(keys);
    if (until) {
      const wait = throttledError(deps, until);
      throw new ThrottledError(wait.retryAfterSeconds, `${WRONG_CREDENTIALS} ${wait.message}`);
    }
    throw new AppError(401, WRONG_CREDENTIALS, {}, 'wrongCredentials');
  }
  if (row.disabled) {
    // Said only to someone who knew the password: it reveals nothing to a guesser.
    failed('account disabled');
    throw new AppError(403, 'This account is disabled. Ask an admin to enable it.', {}, 'accountDisabled');
  }

  if (row.mustChangePassword && row.oneTimePasswordExpiresAt !== null && !liveOneTimePassword(row, deps.clock().getTime())) {
    // Said only to someone who knew the one-time password; it stays refused, so the count stands.
    failed('one-time password expired');
    throw new AppError(403, ONE_TIME_PASSWORD_EXPIRED, {}, 'oneTimePasswordExpired');
  }

  throttle.succeeded(keys);
  if (needsRehash(row.passwordHash)) {
    deps.db.update(staff).set({ passwordHash: await hashPassword(input.password) }).where(eq(staff.id, row.id)).run();
  }
  const { token, sessionId } = sessions.create(row.id, { ip: origin.ip, userAgent: origin.userAgent });
  const principal: Principal = { id: row.id, email: row.email, role: row.role, mustChangePassword: row.mustChangePassword, sessionId };
  deps.audit.record({
    ...origin,
    actor: { type: 'staff', id: String(row.id), email: row.email, role: row.role },
    action: 'auth.login.succeeded',
    outcome: 'succeeded',
    target: { type: 'staff', id: String(row.id) },
    request: { email },
    after: { sessionId, changeRequiredAtNextSignIn: row.mustChangePassword, ...(passesLock ? { accountLockLiftedBy: 'one-time password from an admin' } : {}) },
  });
  return { principal, token };
}

import type { AuthedDeps as Deps } from './services.ts';
import type { RequestOrigin } from '../audit/log.ts';
import type { Principal } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import { hashPassword, needsRehash, verifyPassword } from './password.ts';
import { accountKey, describeWait, ipKey, type ThrottleKey } from './throttle.ts';
import { normalizeEmail } from './staff-directory.ts';
import type { StaffRow } from './store/index.ts';
import type { AuthKey } from './auth-key.ts';
import type { FactorKind } from './second-factors.ts';

/** The one answer for a wrong e-mail and a wrong password alike. */
export const WRONG_CREDENTIALS = 'The e-mail address or password is not right. Check both and try again.';

export const ONE_TIME_PASSWORD_EXPIRED =
  'This one-time password has expired: one-time passwords work for 72 hours after they are issued. Ask an admin for a new one.';

/** Sign-in refused by throttling: the route answers 429 with Retry-After. */
export class ThrottledError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(429, message, {}, 'tooManyAttempts');
  }
}

export function throttledError(deps: Deps, retryAt: number): ThrottledError {
  const waitMs = retryAt - deps.clock().getTime();
  return new ThrottledError(Math.max(1, Math.ceil(waitMs / 1000)), `Too many failed sign-in attempts. Try again ${describeWait(waitMs)}.`);
}

/** A second step the member may take: one of their factors, or a recovery code. */
export type SecondStepMethod = FactorKind | 'recovery';

/**
 * Where the password step leaves a sign-in. Only `signedIn` opens a session. The others hand the
 * browser a pending sign-in (server/auth/pending-sign-ins.ts), good for the second step only:
 *  - `secondFactor`: the member has a second factor; prove it.
 *  - `enrol`: the member's role requires one and they have none; add one first.
 *  - `locked`: the account is locked, and the member has a second factor that may lift the lock.
 */
export type PasswordStep =
  | { step: 'signedIn'; principal: Principal; token: string }
  | { step: 'secondFactor'; pendingToken: string; methods: SecondStepMethod[] }
  | { step: 'enrol'; pendingToken: string; methods: FactorKind[] }
  | { step: 'locked'; pendingToken: string; methods: SecondStepMethod[]; error: ThrottledError };

/** A one-time password is pending and has not expired. */
const liveOneTimePassword = (row: { mustChangePassword: boolean; oneTimePasswordExpiresAt: number | null }, now: number) =>
  row.mustChangePassword && row.oneTimePasswordExpiresAt !== null && now < row.oneTimePasswordExpiresAt;

/**
 * Who a failed sign-in was for, as the audit log keeps it. A member's address is no secret: their
 * entry names them. An address no member has may be anything typed into the field, a password
 * pasted there included: only its keyed hash (equal for equal addresses, so repeated tries
 * still line up) and its domain, when it reads as one, are kept.
 */
export function whoTried(key: AuthKey, email: string, member: { id: number; email: string } | undefined) {
  if (member)
    return { actor: { type: 'anonymous' as const, email: member.email }, target: { type: 'staff', id: String(member.id) }, request: { email: member.email } };
  const domain = email.includes('@') ? email.slice(email.lastIndexOf('@') + 1) : '';
  const readsAsDomain = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domain);
  return {
    actor: { type: 'anonymous' as const },
    target: null,
    request: { emailFingerprint: key.emailFingerprint(email), emailDomain: readsAsDomain ? domain : null },
  };
}

/** Opens the session a complete sign-in earns, and records it. Every way in ends here. */
export async function openSession(
  deps: Deps,
  row: StaffRow,
  origin: RequestOrigin & { ip: string | null },
  how: Record<string, unknown> = {},
): Promise<{ principal: Principal; token: string }> {
  const { sessions } = deps.auth;
  const { token, sessionId } = await sessions.create(row.id, { ip: origin.ip, userAgent: origin.userAgent });
  const principal: Principal = { id: row.id, email: row.email, role: row.role, mustChangePassword: row.mustChangePassword, sessionId };
  await deps.audit.append({
    ...origin,
    actor: { type: 'staff', id: String(row.id), email: row.email, role: row.role },
    action: 'auth.login.succeeded',
    outcome: 'succeeded',
    target: { type: 'staff', id: String(row.id) },
    request: { email: row.email },
    after: { sessionId, changeRequiredAtNextSignIn: row.mustChangePassword, ...how },
  });
  return { principal, token };
}

/**
 * The password step. The attempt is counted by the throttle before the (slow) password check, so
 * parallel guesses cannot slip past the lock. An unknown e-mail is checked against a dummy hash:
 * same answer, same time. Every refusal is audited.
 */
export async function signIn(deps: Deps, input: { email: string; password: string }, origin: RequestOrigin & { ip: string | null }): Promise<PasswordStep> {
  const { throttle, staff: directory, key, factors, pendingSignIns } = deps.auth;
  const email = normalizeEmail(input.email);
  const account = accountKey(key.emailFingerprint(email));
  const keys: (ThrottleKey | null)[] = [account, ipKey(origin.ip)];
  const row = await directory.findByEmail(email);
  const failed = (reason: string) =>
    deps.audit.append({ ...origin, action: 'auth.login.failed', outcome: 'failed', error: { reason }, ...whoTried(key, email, row) });

  // The lock stops guessing, and stays on. Two proofs a guesser does not have still get the member
  // in while it lasts, so that knowing an address is not enough to keep its member out:
  //  - a one-time password an admin issued (about 99 random bits: not guessed);
  //  - the right password together with a second factor. The password is then checked but its
  //    result is never said on its own: the answer is "locked" either way, and only password and
  //    second factor together open a session (server/auth/second-step.ts), one try per password
  //    step, counted against the address. What a guesser learns during the lock is what they
  //    learnt before it: nothing, unless they also hold the member's passkey or phone.
  // Either way the try counts against the address only (the account is locked already).
  const lockedUntil = await throttle.lockedUntil(account);
  const now = deps.clock().getTime();
  const usable = row !== undefined && !row.disabled;
  const liftByOneTimePassword = lockedUntil !== null && usable && liveOneTimePassword(row, now);
  const factorKinds = usable ? await factors.kinds(row.id) : [];
  const liftBySecondFactor = lockedUntil !== null && !liftByOneTimePassword && factorKinds.length > 0;
  const admission = await throttle.admit(lockedUntil !== null && (liftByOneTimePassword || liftBySecondFactor) ? [ipKey(origin.ip)] : keys);
  if (!admission.admitted) {
    await failed('throttled');
    throw throttledError(deps, admission.retryAt);
  }

  const ok = await verifyPassword(row?.passwordHash ?? null, input.password);
  if (liftBySecondFactor) {
    await failed(ok ? 'account locked: second step offered to lift the lock' : 'wrong password (account locked)');
    const pendingToken = await pendingSignIns.create({ staffId: row!.id, purpose: 'verify', duringLock: true, passwordRight: ok });
    const locked = throttledError(deps, lockedUntil);
    const error = new ThrottledError(
      locked.retryAfterSeconds,
      `${locked.message} If the password is right, your passkey or authenticator app lets you in now.`,
    );
    return { step: 'locked', pendingToken, methods: [...factorKinds, 'recovery'], error };
  }
  if (!ok || !row) {
    await failed(row ? 'wrong password' : 'unknown e-mail');
    if (liftByOneTimePassword) throw throttledError(deps, lockedUntil!);
    const until = await throttle.blockedUntil(keys);
    if (until) {
      const wait = throttledError(deps, until);
      throw new ThrottledError(wait.retryAfterSeconds, `${WRONG_CREDENTIALS} ${wait.message}`);
    }
    throw new AppError(401, WRONG_CREDENTIALS, {}, 'wrongCredentials');
  }
  if (row.disabled) {
    // Said only to someone who knew the password: it reveals nothing to a guesser.
    await failed('account disabled');
    throw new AppError(403, 'This account is disabled. Ask an admin to enable it.', {}, 'accountDisabled');
  }
  if (row.mustChangePassword && row.oneTimePasswordExpiresAt !== null && !liveOneTimePassword(row, now)) {
    // Said only to someone who knew the one-time password; it stays refused, so the count stands.
    await failed('one-time password expired');
    throw new AppError(403, ONE_TIME_PASSWORD_EXPIRED, {}, 'oneTimePasswordExpired');
  }

  if (needsRehash(row.passwordHash)) {
    await directory.rehash(row.id, await hashPassword(input.password));
  }
  const lockLifted = liftByOneTimePassword ? { accountLockLiftedBy: 'one-time password from an admin' } : {};
  if (factorKinds.length) {
    // The password's own count is taken back, but the account's earlier failures stand until the
    // second step succeeds: a right password must not wipe the wrong codes that came before it.
    if (liftByOneTimePassword) await throttle.succeeded([account]);
    await throttle.tookBack(keys);
    return {
      step: 'secondFactor',
      pendingToken: await pendingSignIns.create({ staffId: row.id, purpose: 'verify', duringLock: false, passwordRight: true }),
      methods: [...factorKinds, 'recovery'],
    };
  }
  await throttle.succeeded(keys);
  if (factors.required(row.role)) {
    return {
      step: 'enrol',
      pendingToken: await pendingSignIns.create({ staffId: row.id, purpose: 'enrol', duringLock: false, passwordRight: true }),
      methods: ['passkey', 'totp'],
    };
  }
  return { step: 'signedIn', ...(await openSession(deps, row, origin, lockLifted)) };
}

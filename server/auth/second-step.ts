import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { AuthedDeps as Deps } from './services.ts';
import type { RequestOrigin } from '../audit/log.ts';
import type { Principal } from '../http/context.ts';
import { AppError, badRequest } from '../http/errors.ts';
import { accountKey, ipKey, lockLiftKey } from './throttle.ts';
import { openSession, throttledError, ThrottledError, type SecondStepMethod } from './sign-in.ts';
import type { PendingSignIn } from './pending-sign-ins.ts';
import type { Enrolled, FactorView } from './second-factors.ts';
import type { StaffRow } from './store/index.ts';

type Origin = RequestOrigin & { ip: string | null };

export type SecondStepInput =
  | { method: 'totp'; code: string }
  | { method: 'recovery'; code: string }
  | { method: 'passkey'; response: AuthenticationResponseJSON };

export const SIGN_IN_AGAIN = 'This sign-in has ended (it waited over 10 minutes, or took too many tries). Sign in again with your password.';

const WRONG: Record<SecondStepMethod, { message: string; field: string }> = {
  totp: { message: 'That code is not right. Type the six digits your authenticator app shows now.', field: 'code' },
  recovery: { message: 'That recovery code is not right, or it was used before.', field: 'code' },
  passkey: { message: 'The passkey did not confirm it is you. Try again, or use another way.', field: 'passkey' },
};

async function pendingOf(deps: Deps, token: string | undefined, purpose: PendingSignIn['purpose']): Promise<{ pending: PendingSignIn; row: StaffRow }> {
  const { pendingSignIns } = deps.auth;
  const pending = await pendingSignIns.find(token);
  const row = pending ? await deps.auth.staff.byId(pending.staffId) : undefined;
  if (!pending || !row || row.disabled) {
    if (pending) await pendingSignIns.end(pending.id);
    throw new AppError(401, SIGN_IN_AGAIN, {}, 'signInAgain');
  }
  if (pending.purpose !== purpose) throw new AppError(401, SIGN_IN_AGAIN, {}, 'signInAgain');
  return { pending, row };
}

const memberOrigin = (origin: Origin, row: StaffRow): Origin => ({ ...origin, actor: { type: 'staff', id: String(row.id), email: row.email, role: row.role } });

/** The options for the browser's passkey prompt at the second step; the challenge is kept with the pending sign-in. */
export async function secondStepPasskeyPrompt(deps: Deps, token: string | undefined) {
  const { pending } = await pendingOf(deps, token, 'verify');
  const options = await deps.auth.factors.passkeyPrompt(pending.staffId);
  await deps.auth.pendingSignIns.setChallenge(pending.id, options.challenge);
  return options;
}

async function check(deps: Deps, pending: PendingSignIn, input: SecondStepInput): Promise<FactorView | 'recovery' | null> {
  const { factors } = deps.auth;
  if (input.method === 'totp') return factors.acceptTotpCode(pending.staffId, input.code);
  if (input.method === 'recovery') return (await factors.recoveryCodes.spend(pending.staffId, input.code)) ? 'recovery' : null;
  return pending.challenge ? factors.acceptPasskey(pending.staffId, input.response, pending.challenge) : null;
}

/**
 * The second step: a factor (or a recovery code) after the right password opens the session.
 * Wrong tries count on the account and the address like wrong passwords (five lock the account),
 * and a pending sign-in takes five before the password must be given again.
 */
export async function completeSecondStep(
  deps: Deps,
  token: string | undefined,
  input: SecondStepInput,
  origin: Origin,
): Promise<{ principal: Principal; token: string }> {
  const { throttle, key, pendingSignIns } = deps.auth;
  const { pending, row } = await pendingOf(deps, token, 'verify');
  const fingerprint = key.emailFingerprint(row.email);
  const keys = [accountKey(fingerprint), ipKey(origin.ip)];
  const lift = lockLiftKey(fingerprint);
  const failed = (reason: string) =>
    deps.audit.append({
      ...origin,
      actor: { type: 'anonymous', email: row.email },
      action: 'auth.secondFactor.failed',
      outcome: 'failed',
      target: { type: 'staff', id: String(row.id) },
      request: { method: input.method },
      error: { reason, ...(pending.duringLock ? { duringLock: true } : {}) },
    });

  if (pending.duringLock) {
    // One try; it opens a session only with the password right too, and says nothing of which was wrong.
    // Only the request that ends it takes the try: another one with the same token (through any instance) starts over.
    if (!(await pendingSignIns.end(pending.id))) throw new AppError(401, SIGN_IN_AGAIN, {}, 'signInAgain');
    const liftLocked = await throttle.lockedUntil(lift);
    if (liftLocked) {
      await failed('throttled');
      throw throttledError(deps, liftLocked);
    }
    const admission = await throttle.admit([ipKey(origin.ip)]);
    if (!admission.admitted) {
      await failed('throttled');
      throw throttledError(deps, admission.retryAt);
    }
    const proof = pending.passwordRight ? await check(deps, pending, input) : null;
    if (!proof) {
      await failed(pending.passwordRight ? `wrong ${input.method}` : 'wrong password');
      if (pending.passwordRight) await throttle.admit([lift]);
      const until = (await throttle.lockedUntil(keys[0]!)) ?? deps.clock().getTime() + 1000;
      const wait = throttledError(deps, until);
      throw new ThrottledError(
        wait.retryAfterSeconds,
        `The account is still locked: the password or the second step was not right. ${wait.message} An admin can give you a one-time password that works now.`,
      );
    }
    await throttle.succeeded([...keys, lift]);
    return finish(deps, row, proof, origin, { accountLockLiftedBy: 'password and second factor' });
  }

  const admission = await throttle.admit(keys);
  if (!admission.admitted) {
    await failed('throttled');
    throw throttledError(deps, admission.retryAt);
  }
  const proof = await check(deps, pending, input);
  if (!proof) {
    await failed(`wrong ${input.method}`);
    const stillGood = await pendingSignIns.failed(pending);
    const until = await throttle.blockedUntil(keys);
    const { message, field } = WRONG[input.method];
    if (until) {
      const wait = throttledError(deps, until);
      throw new ThrottledError(wait.retryAfterSeconds, `${message} ${wait.message}`);
    }
    if (!stillGood) throw new AppError(401, `${message} ${SIGN_IN_AGAIN}`, { [field]: 'is not right' }, 'signInAgain');
    throw new AppError(401, message, { [field]: 'is not right' }, 'wrongSecondFactor');
  }
  await throttle.succeeded(keys);
  await pendingSignIns.end(pending.id);
  return finish(deps, row, proof, origin, {});
}

async function finish(deps: Deps, row: StaffRow, proof: FactorView | 'recovery', origin: Origin, extra: Record<string, unknown>) {
  const { factors } = deps.auth;
  if (proof === 'recovery') {
    const left = await factors.recoveryCodes.left(row.id);
    await deps.audit.append({
      ...memberOrigin(origin, row),
      action: 'auth.recoveryCode.used',
      outcome: 'succeeded',
      target: { type: 'staff', id: String(row.id) },
      after: { recoveryCodesLeft: left },
    });
    return openSession(deps, row, origin, { ...extra, secondFactor: 'recovery code', recoveryCodesLeft: left });
  }
  return openSession(deps, row, origin, { ...extra, secondFactor: proof.kind, factorId: proof.id, factorLabel: proof.label });
}

/** Enrolment a role requires, during the sign-in: start an authenticator app (its secret and QR URI). */
export async function enrolTotpAtSignIn(deps: Deps, token: string | undefined) {
  const { row } = await pendingOf(deps, token, 'enrol');
  return deps.auth.factors.startTotp(row);
}

export async function enrolPasskeyAtSignIn(deps: Deps, token: string | undefined) {
  const { row } = await pendingOf(deps, token, 'enrol');
  return deps.auth.factors.startPasskey(row);
}

export type EnrolInput = { method: 'totp'; code: string; label?: string } | { method: 'passkey'; response: RegistrationResponseJSON; label?: string };

/** The first factor confirmed: the session opens, and the recovery codes are answered (once). */
export async function confirmEnrolmentAtSignIn(
  deps: Deps,
  token: string | undefined,
  input: EnrolInput,
  origin: Origin,
): Promise<{ principal: Principal; token: string; recoveryCodes: string[] }> {
  const { pending, row } = await pendingOf(deps, token, 'enrol');
  const { factors, pendingSignIns } = deps.auth;
  const asMember = memberOrigin(origin, row);
  let enrolled: Enrolled;
  try {
    enrolled =
      input.method === 'totp'
        ? await factors.confirmTotp(row, input.code, input.label, asMember)
        : await factors.confirmPasskey(row, input.response, input.label, asMember);
  } catch (err) {
    if (err instanceof AppError && err.status === 400 && !(await pendingSignIns.failed(pending)))
      throw badRequest(`${err.message} ${SIGN_IN_AGAIN}`, err.errors);
    throw err;
  }
  await pendingSignIns.end(pending.id);
  const session = await openSession(deps, row, origin, { secondFactor: enrolled.factor.kind, factorId: enrolled.factor.id, enrolledAtSignIn: true });
  return { ...session, recoveryCodes: enrolled.recoveryCodes ?? [] };
}

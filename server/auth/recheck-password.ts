import type { StaffRow } from './store/index.ts';
import type { AuthedDeps as Deps } from './services.ts';
import type { Principal } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import { verifyPassword } from './password.ts';
import { accountKey, ipKey } from './throttle.ts';
import { throttledError } from './sign-in.ts';

/**
 * A signed-in member proves it is still them by typing their password again (before changing it,
 * removing a second factor, or replacing the recovery codes). Wrong tries count towards the
 * account's sign-in lock, like wrong passwords at sign-in. `onWrong` records the refusal.
 */
export async function recheckPassword(
  deps: Deps,
  principal: Principal,
  password: string,
  ip: string | null,
  field: string,
  onWrong: (reason: 'throttled' | 'wrong current password') => Promise<unknown>,
): Promise<StaffRow> {
  const { throttle, staff: directory, key } = deps.auth;
  const keys = [accountKey(key.emailFingerprint(principal.email)), ipKey(ip)];
  const admission = await throttle.admit(keys);
  if (!admission.admitted) {
    await onWrong('throttled');
    throw throttledError(deps, admission.retryAt);
  }
  const row = await directory.findByEmail(principal.email);
  if (!row || !(await verifyPassword(row.passwordHash, password))) {
    await onWrong('wrong current password');
    throw new AppError(400, 'The current password is not right.', { [field]: 'is not right' });
  }
  await throttle.succeeded(keys);
  return row;
}

import type { AuthedDeps as Deps } from './services.ts';
import type { RequestOrigin } from '../audit/log.ts';
import type { Principal } from '../http/context.ts';
import { badRequest } from '../http/errors.ts';
import { hashPassword } from './password.ts';
import { passwordProblem } from './password-policy.ts';
import { recheckPassword } from './recheck-password.ts';
import { hashSessionToken, newSessionToken } from './tokens.ts';

/**
 * A member replaces their own password (required after a one-time password). The current one
 * must be given, and wrong guesses count towards the account's sign-in lock. All the member's
 * sessions end, and a new one is opened for this browser: the answer carries its token.
 */
export async function changeOwnPassword(
  deps: Deps,
  principal: Principal,
  input: { currentPassword: string; newPassword: string },
  origin: RequestOrigin & { ip: string | null },
): Promise<{ token: string; principal: Principal }> {
  const { sessions, staff: directory } = deps.auth;
  const entry = (outcome: 'succeeded' | 'failed', extra: { error?: unknown; after?: unknown }) => ({
    ...origin,
    action: 'auth.password.changed',
    outcome,
    target: { type: 'staff', id: String(principal.id) },
    ...extra,
  });

  const problem = passwordProblem(input.newPassword, { email: principal.email });
  if (problem) throw badRequest(`The new password ${problem}.`, { newPassword: problem });
  if (input.newPassword === input.currentPassword) {
    throw badRequest('The new password must differ from the current one.', { newPassword: 'must differ from the current password' });
  }

  const row = await recheckPassword(deps, principal, input.currentPassword, origin.ip, 'currentPassword', (reason) =>
    deps.audit.append(entry('failed', { error: { reason } })),
  );

  const passwordHash = await hashPassword(input.newPassword);
  const token = newSessionToken();
  const { sessionId } = await directory.setOwnPassword(
    row.id,
    passwordHash,
    { ...sessions.origin({ ip: origin.ip, userAgent: origin.userAgent }), tokenHash: hashSessionToken(token) },
    ({ sessionsEnded, sessionId }) => entry('succeeded', { after: { sessionsEnded, sessionId } }),
  );
  return { token, principal: { ...principal, mustChangePassword: false, sessionId: sessionId! } };
}

import type { AuthedDeps } from './services.ts';
import { prepareDummyHash } from './password.ts';
import { ensureDemoAccounts } from './demo-accounts.ts';
import { newRequestId } from '../audit/log.ts';

/**
 * Start-up work for sign-in: demo accounts in sandbox mode, a hint when a real deployment has no
 * staff yet, and the dummy hash warmed so unknown e-mails are never answered faster. Answers
 * banner lines.
 */
export async function startAuth(deps: AuthedDeps): Promise<string[]> {
  await prepareDummyHash();
  await endSessionsWithoutRequiredFactor(deps);
  const { sandbox } = deps.config;
  if (sandbox.gigs || sandbox.centra) return ensureDemoAccounts(deps);
  if ((await deps.auth.staff.count()) === 0) {
    return ['No staff accounts yet. Create the first admin with:', '  npm run staff -- create --email you@example.com --role admin'];
  }
  return [];
}

/**
 * Sessions opened before REQUIRE_SECOND_FACTOR covered their member's role (a changed setting, an
 * upgrade) end at start: such a member enrols at their next sign-in like everyone else, so that no
 * one keeps working without the factor their role requires. Recorded by "system".
 */
export async function endSessionsWithoutRequiredFactor(deps: AuthedDeps): Promise<number> {
  const { staff: directory, sessions } = deps.auth;
  const required = deps.config.REQUIRE_SECOND_FACTOR;
  if (!required.length) return 0;
  let ended = 0;
  const origin = { requestId: newRequestId(), actor: { type: 'system' as const } };
  for (const member of (await directory.list({ sort: { field: 'id', order: 'ASC' }, start: 0, limit: 1_000_000, filter: {} })).rows) {
    if (!required.includes(member.role) || member.secondFactors.length || !member.activeSessions) continue;
    const sessionsEnded = await sessions.endAllFor(member.id);
    ended += sessionsEnded;
    await deps.audit.append({
      ...origin,
      action: 'staff.sessions.end',
      outcome: 'succeeded',
      target: { type: 'staff', id: String(member.id) },
      after: { sessionsEnded, reason: `the ${member.role} role requires a second factor and the member has none yet` },
    });
  }
  return ended;
}

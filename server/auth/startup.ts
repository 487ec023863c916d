import type { AuthedDeps } from './services.ts';
import { prepareDummyHash } from './password.ts';
import { ensureDemoAccounts } from './demo-accounts.ts';

/**
 * Start-up work for sign-in: demo accounts in sandbox mode, a hint when a real deployment has no
 * staff yet, and the dummy hash warmed so unknown e-mails are never answered faster. Answers
 * banner lines.
 */
export async function startAuth(deps: AuthedDeps): Promise<string[]> {
  await prepareDummyHash();
  const { sandbox } = deps.config;
  if (sandbox.gigs || sandbox.centra) return ensureDemoAccounts(deps);
  if (deps.auth.staff.count() === 0) {
    return ['No staff accounts yet. Create the first admin with:', '  npm run staff -- create --email you@example.com --role admin'];
  }
  return [];
}

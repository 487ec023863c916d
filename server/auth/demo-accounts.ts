import type { AuthedDeps } from './services.ts';
import { newRequestId } from '../audit/log.ts';
import type { Role } from '../vocabulary/roles.ts';
import { hashPassword } from './password.ts';
import { newOneTimePassword } from './tokens.ts';

/** One demo account per role, created in sandbox mode only (never with real upstreams). */
export const DEMO_ACCOUNTS: { email: string; role: Role }[] = [
  { email: 'support@demo.subdesk', role: 'support' },
  { email: 'merchandiser@demo.subdesk', role: 'merchandiser' },
  { email: 'auditor@demo.subdesk', role: 'auditor' },
  { email: 'admin@demo.subdesk', role: 'admin' },
];

/**
 * Creates the demo accounts that are missing, with SUBDESK_DEMO_PASSWORD or, when it is unset,
 * one random password that is printed once (in the start-up banner) and never stored in clear.
 * Demo members need not change their password: they are sandbox fixtures, not people.
 * Answers the banner lines that tell how to sign in.
 */
export async function ensureDemoAccounts(deps: AuthedDeps): Promise<string[]> {
  const { staff } = deps.auth;
  const found = await Promise.all(DEMO_ACCOUNTS.map((a) => staff.findByEmail(a.email)));
  const missing = DEMO_ACCOUNTS.filter((_, i) => !found[i]);
  const emails = DEMO_ACCOUNTS.map((a) => a.email).join(', ');
  const configured = deps.config.SUBDESK_DEMO_PASSWORD;
  if (missing.length === 0) {
    return [
      `Sandbox mode. Demo accounts: ${emails}`,
      configured ? '  password: the value of SUBDESK_DEMO_PASSWORD when they were created' : '  password: the one printed when they were first created',
    ];
  }
  const password = configured ?? newOneTimePassword();
  // One hash for all four: they share the password anyway, and start-up stays quick.
  const passwordHash = await hashPassword(password);
  const origin = { requestId: newRequestId(), actor: { type: 'system' as const } };
  for (const account of missing) {
    await staff.create({ ...account, passwordHash, mustChangePassword: false }, origin);
  }
  return [
    `Sandbox mode. Demo accounts created: ${emails}`,
    configured ? '  password: the value of SUBDESK_DEMO_PASSWORD' : `  password (shown only this once): ${password}`,
  ];
}

import { isCommonPassword } from './common-passwords.ts';
import { MAX_PASSWORD_LENGTH } from './password.ts';

export const MIN_PASSWORD_LENGTH = 12;

/**
 * What is wrong with a password a member chooses, or null. Length and the common list only:
 * no composition rules (they make passwords harder to remember, not harder to guess).
 */
export function passwordProblem(password: string, context: { email?: string } = {}): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters long`;
  if (length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters long`;
  if (isCommonPassword(password)) return 'is too common and easy to guess; choose something less predictable, e.g. a few unrelated words';
  const lower = password.toLowerCase();
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (lower.includes('subdesk') || (local && local.length >= 4 && lower.includes(local))) {
    return 'must not contain your e-mail address or the name subdesk';
  }
  return null;
}

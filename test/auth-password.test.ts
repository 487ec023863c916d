import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { hashPassword, needsRehash, verifyPassword, SCRYPT_PARAMS } from '../server/auth/password.ts';
import { isCommonPassword } from '../server/auth/common-passwords.ts';
import { passwordProblem } from '../server/auth/password-policy.ts';
import { hashSessionToken, newOneTimePassword, newSessionToken } from '../server/auth/tokens.ts';

describe('password hashing', () => {
  it('stores scrypt with its parameters (N=2^17, r=8, p=1) and verifies', async () => {
    const stored = await hashPassword('a long and unusual passphrase');
    const [scheme, N, r, p, salt, key] = stored.split('$');
    expect(scheme).toBe('scrypt');
    expect([Number(N), Number(r), Number(p)]).toEqual([2 ** 17, 8, 1]);
    expect(Buffer.from(salt!, 'base64').length).toBe(16);
    expect(Buffer.from(key!, 'base64').length).toBe(32);
    expect(await verifyPassword(stored, 'a long and unusual passphrase')).toBe(true);
    expect(await verifyPassword(stored, 'a long and unusual passphrasE')).toBe(false);
    expect(needsRehash(stored)).toBe(false);
  });

  it('salts every hash and reads older, cheaper parameters from the stored string', async () => {
    const a = await hashPassword('same password twice');
    const b = await hashPassword('same password twice');
    expect(a).not.toBe(b);
    const cheap = await hashPassword('legacy cheap hash!', { N: 2 ** 10, r: 8, p: 1 });
    expect(await verifyPassword(cheap, 'legacy cheap hash!')).toBe(true);
    expect(needsRehash(cheap)).toBe(true);
  });

  it('checks unknown accounts against a dummy hash, and refuses malformed ones', async () => {
    expect(await verifyPassword(null, 'anything at all')).toBe(false);
    expect(await verifyPassword('scrypt$1048577$8$1$AAAA$BBBB', 'x')).toBe(false);
    expect(await verifyPassword('plaintext', 'plaintext')).toBe(false);
  });

  it('does not block the event loop while hashing', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    await hashPassword('event loop stays free');
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(5);
    expect(SCRYPT_PARAMS.N).toBe(131072);
  });
});

describe('password policy', () => {
  it('ships at least 10,000 common passwords', () => {
    const lines = readFileSync(new URL('../server/auth/common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    expect(lines.length).toBeGreaterThanOrEqual(10_000);
  });

  it('refuses common passwords and their obvious stretches', () => {
    for (const p of [
      'password',
      'PASSWORD',
      'qwertyuiop',
      'monkey123456',
      'Dragon2024!!',
      'dragondragon',
      'abcabcabcabc',
      '111111111111',
      'abcdefghijklmn',
      '123456789012',
      '1qaz2wsx3edc4rfv',
    ]) {
      expect(isCommonPassword(p), p).toBe(true);
    }
    expect(isCommonPassword('plum orbit kettle 7')).toBe(false);
  });

  it('asks for 12 characters, no composition rules, nothing common or personal', () => {
    expect(passwordProblem('short one')).toMatch(/at least 12/);
    expect(passwordProblem('password1234')).toMatch(/common/);
    expect(passwordProblem('all lower case words here')).toBeNull();
    expect(passwordProblem('my subdesk login')).toMatch(/subdesk/);
    expect(passwordProblem('janedoe-rules-forever', { email: 'janedoe@example.com' })).toMatch(/e-mail/);
    expect(passwordProblem('x'.repeat(300))).toMatch(/at most/);
  });
});

describe('tokens', () => {
  it('makes 256-bit session tokens and stores only their SHA-256', () => {
    const t = newSessionToken();
    expect(Buffer.from(t, 'base64url').length).toBe(32);
    expect(newSessionToken()).not.toBe(t);
    expect(hashSessionToken(t)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('makes readable one-time passwords that pass the policy', () => {
    const otp = newOneTimePassword();
    expect(otp).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    expect(passwordProblem(otp)).toBeNull();
  });
});

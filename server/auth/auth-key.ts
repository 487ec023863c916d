import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * The sign-in secrets' key: 32 random bytes in a file outside the database (AUTH_KEY_PATH, by
 * default beside the audit signing key), so that a copy of the database alone cannot
 *  - turn a failed sign-in's keyed e-mail hash back into what was typed (a password pasted into
 *    the e-mail field, say) by hashing guesses,
 *  - test guesses of recovery codes against their stored hashes,
 *  - read the authenticator apps' TOTP secrets and compute their codes.
 * One file, one sub-key per use (HKDF). Losing the file makes the authenticator apps and the
 * recovery codes unusable (an admin resets the members' factors; they enrol again).
 */
export class AuthKey {
  private readonly emailKey: Buffer;
  private readonly recoveryKey: Buffer;
  private readonly sealKey: Buffer;

  constructor(root: Buffer) {
    if (root.length < 32) throw new Error('The sign-in key must hold at least 32 bytes.');
    const derive = (use: string) => Buffer.from(hkdfSync('sha256', root, Buffer.alloc(0), `subdesk ${use}`, 32));
    this.emailKey = derive('failed sign-in e-mail');
    this.recoveryKey = derive('recovery code');
    this.sealKey = derive('second factor secret');
  }

  /** What is kept of a typed e-mail address: a keyed hash (128 bits, hex), equal for equal addresses. */
  emailFingerprint(normalizedEmail: string): string {
    return createHmac('sha256', this.emailKey).update(normalizedEmail).digest('hex').slice(0, 32);
  }

  recoveryCodeHash(code: string): string {
    return createHmac('sha256', this.recoveryKey).update(code).digest('hex');
  }

  sameRecoveryCodeHash(a: string, b: string): boolean {
    return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
  }

  /** AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>` (base64url). `context` binds it to its row (a member's id). */
  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv).setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  /** The sealed text, or null when it was sealed under another key or for another row, or altered. */
  open(sealed: string, context: string): string | null {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.sealKey, Buffer.from(iv, 'base64url')).setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}

/**
 * Reads the key, or makes it on first start (directory 0700, file 0600, `wx` so two processes
 * starting together keep one key). `:memory:` (a database that lives in memory) gets a key that
 * lives as long.
 */
export function loadOrCreateAuthKey(path: string): AuthKey {
  if (path === ':memory:') return new AuthKey(randomBytes(32));
  const file = resolve(path);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  } else if ((statSync(file).mode & 0o077) !== 0) {
    chmodSync(file, 0o600);
  }
  return new AuthKey(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'));
}

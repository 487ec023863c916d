import { randomInt } from 'node:crypto';
import { and, count, eq, isNull } from 'drizzle-orm';
import { staffRecoveryCodes } from '../../db/schema.ts';
import type { Db } from '../../db/connection.ts';
import type { AuthKey } from './auth-key.ts';

export const RECOVERY_CODE_COUNT = 10;

// The one-time passwords' alphabet (no 0/o, 1/l/i): read off paper and typed once.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** `k7m2q-x9adf`: ten characters, about 50 bits; only guessed through the sign-in throttle, and kept keyed-hashed. */
function newRecoveryCode(): string {
  let code = '';
  for (let i = 0; i < 10; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** What a member types, as it was issued: case, spaces and the dash do not matter. */
const normalize = (typed: string) => {
  const bare = typed.toLowerCase().replace(/[\s-]/g, '');
  return bare.length === 10 ? `${bare.slice(0, 5)}-${bare.slice(5)}` : bare;
};

/** Ten single-use codes per member, for when their passkey or phone is not at hand. Stored only as keyed hashes. */
export class RecoveryCodes {
  constructor(
    private readonly db: Db,
    private readonly key: AuthKey,
    private readonly nowIso: () => string,
  ) {}

  /** Replaces the member's codes with ten new ones, answered once. Call inside the caller's transaction. */
  replace(staffId: number): string[] {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    this.db.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, staffId)).run();
    const createdAt = this.nowIso();
    for (const code of codes)
      this.db
        .insert(staffRecoveryCodes)
        .values({ staffId, codeHash: this.key.recoveryCodeHash(code), createdAt })
        .run();
    return codes;
  }

  /** Spends one code: true once per code, false for anything else. Synchronous, so two requests cannot spend it twice. */
  spend(staffId: number, typed: string): boolean {
    const hash = this.key.recoveryCodeHash(normalize(typed));
    const unused = this.db
      .select({ id: staffRecoveryCodes.id, codeHash: staffRecoveryCodes.codeHash })
      .from(staffRecoveryCodes)
      .where(and(eq(staffRecoveryCodes.staffId, staffId), isNull(staffRecoveryCodes.usedAt)))
      .all();
    const match = unused.find((row) => this.key.sameRecoveryCodeHash(row.codeHash, hash));
    if (!match) return false;
    this.db.update(staffRecoveryCodes).set({ usedAt: this.nowIso() }).where(eq(staffRecoveryCodes.id, match.id)).run();
    return true;
  }

  left(staffId: number): number {
    return (
      this.db
        .select({ n: count() })
        .from(staffRecoveryCodes)
        .where(and(eq(staffRecoveryCodes.staffId, staffId), isNull(staffRecoveryCodes.usedAt)))
        .get()?.n ?? 0
    );
  }

  removeAll(staffId: number): void {
    this.db.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, staffId)).run();
  }
}

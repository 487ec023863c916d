import { randomInt } from 'node:crypto';
import type { AuthStore } from './store/index.ts';
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
    private readonly store: AuthStore,
    private readonly key: AuthKey,
    private readonly nowIso: () => string,
  ) {}

  /** Ten new codes and their keyed hashes: the codes are answered once, the hashes kept. */
  issue(): { codes: string[]; hashes: string[] } {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    return { codes, hashes: codes.map((code) => this.key.recoveryCodeHash(code)) };
  }

  /**
   * Spends one code: true once per code, false for anything else. The store marks it used only if
   * it still is not, so two requests (through one instance or two) cannot both spend it.
   */
  async spend(staffId: number, typed: string): Promise<boolean> {
    const hash = this.key.recoveryCodeHash(normalize(typed));
    const unused = await this.store.unusedRecoveryCodes(staffId);
    const match = unused.find((row) => this.key.sameRecoveryCodeHash(row.codeHash, hash));
    return match ? this.store.spendRecoveryCode(match.id, this.nowIso()) : false;
  }

  left(staffId: number): Promise<number> {
    return this.store.recoveryCodesLeft(staffId);
  }
}

import { and, asc, eq, lt } from 'drizzle-orm';
import type { AuthenticationResponseJSON, AuthenticatorTransportFuture, RegistrationResponseJSON } from '@simplewebauthn/server';
import { pendingFactorEnrolments, staffSecondFactors } from '../../db/schema.ts';
import { durableTransaction } from '../../db/connection.ts';
import type { AuthDeps } from './services.ts';
import type { RequestOrigin } from '../audit/log.ts';
import type { Role } from '../vocabulary/roles.ts';
import { AppError, badRequest, conflict, notFound } from '../http/errors.ts';
import type { AuthKey } from './auth-key.ts';
import { RecoveryCodes } from './recovery-codes.ts';
import { newTotpSecret, totpStep, totpUri } from './totp.ts';
import { authenticationOptions, registrationOptions, relyingParty, verifyAuthentication, verifyRegistration, type StoredPasskey } from './passkeys.ts';

export type FactorKind = 'totp' | 'passkey';
/** A factor as its member and the API see it: never a secret, never a key. */
export type FactorView = { id: number; kind: FactorKind; label: string; createdAt: string; lastUsedAt: string | null };
export type Member = { id: number; email: string; role: Role };
/** What enrolling answers: the factor, and the ten recovery codes when it was the member's first (shown once). */
export type Enrolled = { factor: FactorView; recoveryCodes: string[] | null };

type FactorRow = typeof staffSecondFactors.$inferSelect;

/** A factor being added waits this long for its confirmation (scanning a QR code, touching a key). */
const ENROLMENT_MS = 10 * 60_000;
export const DEFAULT_LABEL: Record<FactorKind, string> = { totp: 'Authenticator app', passkey: 'Passkey' };

const view = (row: FactorRow): FactorView => ({ id: row.id, kind: row.kind, label: row.label, createdAt: row.createdAt, lastUsedAt: row.lastUsedAt });
const passkeyOf = (row: FactorRow): StoredPasskey => ({
  credentialId: row.credentialId!,
  publicKey: row.publicKey!,
  signCount: row.signCount ?? 0,
  transports: JSON.parse(row.transports ?? '[]') as AuthenticatorTransportFuture[],
});
/** The TOTP secret is sealed for its member: a sealed value copied onto another member's row does not open. */
const sealContext = (staffId: number) => `staff:${staffId}`;

/**
 * Staff members' second factors: adding (an authenticator app or a passkey, confirmed before it
 * counts), checking at sign-in, removing, an admin's reset, and the recovery codes. Every change is
 * written with its audit entry in one transaction; the entries carry kinds, ids and labels only.
 */
export class SecondFactors {
  readonly recoveryCodes: RecoveryCodes;

  constructor(
    private readonly deps: AuthDeps,
    private readonly key: AuthKey,
  ) {
    this.recoveryCodes = new RecoveryCodes(deps.db, key, () => this.nowIso());
  }

  private nowIso() {
    return this.deps.clock().toISOString();
  }

  private rows(staffId: number): FactorRow[] {
    return this.deps.db.select().from(staffSecondFactors).where(eq(staffSecondFactors.staffId, staffId)).orderBy(asc(staffSecondFactors.id)).all();
  }

  list(staffId: number): FactorView[] {
    return this.rows(staffId).map(view);
  }

  /** The kinds the member has, e.g. to offer the right prompts at sign-in. */
  kinds(staffId: number): FactorKind[] {
    return [...new Set(this.rows(staffId).map((r) => r.kind))];
  }

  /** Whether the member's role must have a second factor (REQUIRE_SECOND_FACTOR). */
  required(role: Role): boolean {
    return this.deps.config.REQUIRE_SECOND_FACTOR.includes(role);
  }

  get relyingParty() {
    return relyingParty(this.deps.config);
  }

  private pendingEnrolment(staffId: number, kind: FactorKind) {
    const now = this.deps.clock().getTime();
    this.deps.db.delete(pendingFactorEnrolments).where(lt(pendingFactorEnrolments.expiresAt, now)).run();
    return this.deps.db
      .select()
      .from(pendingFactorEnrolments)
      .where(and(eq(pendingFactorEnrolments.staffId, staffId), eq(pendingFactorEnrolments.kind, kind)))
      .get();
  }

  private keepEnrolment(staffId: number, kind: FactorKind, values: { totpSecretSealed?: string; challenge?: string }) {
    const row = {
      staffId,
      kind,
      totpSecretSealed: values.totpSecretSealed ?? null,
      challenge: values.challenge ?? null,
      expiresAt: this.deps.clock().getTime() + ENROLMENT_MS,
    };
    this.deps.db
      .insert(pendingFactorEnrolments)
      .values(row)
      .onConflictDoUpdate({ target: [pendingFactorEnrolments.staffId, pendingFactorEnrolments.kind], set: row })
      .run();
  }

  /** Starts adding an authenticator app: the secret and its `otpauth://` URI, for the QR code. Nothing counts until confirmed. */
  startTotp(member: Member): { secret: string; uri: string } {
    const secret = newTotpSecret();
    this.keepEnrolment(member.id, 'totp', { totpSecretSealed: this.key.seal(secret, sealContext(member.id)) });
    return { secret, uri: totpUri(secret, member.email, `subdesk (${this.relyingParty.id})`) };
  }

  /** Adds the authenticator app once a code from it is right. */
  confirmTotp(member: Member, code: string, label: string | undefined, origin: RequestOrigin): Enrolled {
    const pending = this.pendingEnrolment(member.id, 'totp');
    const secret = pending?.totpSecretSealed ? this.key.open(pending.totpSecretSealed, sealContext(member.id)) : null;
    if (!secret) throw badRequest('Start again: adding the authenticator app took longer than 10 minutes.', { code: 'start again' });
    const step = totpStep(secret, code, this.deps.clock().getTime(), null);
    if (step === null) {
      this.audit(origin, member, 'auth.secondFactor.enrolled', 'failed', { kind: 'totp' }, { reason: 'wrong code' });
      throw badRequest('That code is not right. Type the six digits the app shows now.', { code: 'is not right' });
    }
    return this.add(member, { kind: 'totp', label, totpSecretSealed: pending!.totpSecretSealed, totpLastStep: step }, origin);
  }

  /** Starts adding a passkey: the options for the browser's `navigator.credentials.create`. */
  async startPasskey(member: Member) {
    const options = await registrationOptions(
      this.relyingParty,
      member,
      this.rows(member.id)
        .filter((r) => r.kind === 'passkey')
        .map(passkeyOf),
    );
    this.keepEnrolment(member.id, 'passkey', { challenge: options.challenge });
    return options;
  }

  async confirmPasskey(member: Member, response: RegistrationResponseJSON, label: string | undefined, origin: RequestOrigin): Promise<Enrolled> {
    const challenge = this.pendingEnrolment(member.id, 'passkey')?.challenge;
    if (!challenge) throw badRequest('Start again: adding the passkey took longer than 10 minutes.', {});
    const passkey = await verifyRegistration(this.relyingParty, response, challenge);
    if (!passkey) {
      this.audit(origin, member, 'auth.secondFactor.enrolled', 'failed', { kind: 'passkey' }, { reason: 'the browser answer did not verify' });
      throw badRequest(`The passkey could not be checked. Passkeys work only at ${this.relyingParty.origin}; try again there.`, {});
    }
    return this.add(member, { kind: 'passkey', label, ...passkey, transports: JSON.stringify(passkey.transports) }, origin);
  }

  private add(
    member: Member,
    factor: {
      kind: FactorKind;
      label: string | undefined;
      totpSecretSealed?: string | null;
      totpLastStep?: number;
      credentialId?: string;
      publicKey?: string;
      signCount?: number;
      transports?: string;
    },
    origin: RequestOrigin,
  ): Enrolled {
    return durableTransaction(this.deps.db, () => {
      const first = this.rows(member.id).length === 0;
      const row = this.deps.db
        .insert(staffSecondFactors)
        .values({ ...factor, staffId: member.id, label: factor.label?.trim() || DEFAULT_LABEL[factor.kind], createdAt: this.nowIso() })
        .returning()
        .get();
      this.deps.db
        .delete(pendingFactorEnrolments)
        .where(and(eq(pendingFactorEnrolments.staffId, member.id), eq(pendingFactorEnrolments.kind, factor.kind)))
        .run();
      // The first factor brings the recovery codes: a member who loses it must not be locked out for good.
      const recoveryCodes = first ? this.recoveryCodes.replace(member.id) : null;
      this.audit(origin, member, 'auth.secondFactor.enrolled', 'succeeded', {
        factorId: row.id,
        kind: row.kind,
        label: row.label,
        recoveryCodesIssued: recoveryCodes?.length ?? 0,
      });
      return { factor: view(row), recoveryCodes };
    });
  }

  /** The TOTP factor a code is right for (marked used, its step spent), or null. */
  acceptTotpCode(staffId: number, code: string): FactorView | null {
    const now = this.deps.clock().getTime();
    for (const row of this.rows(staffId)) {
      if (row.kind !== 'totp' || !row.totpSecretSealed) continue;
      const secret = this.key.open(row.totpSecretSealed, sealContext(staffId));
      const step = secret ? totpStep(secret, code, now, row.totpLastStep) : null;
      if (step === null) continue;
      const used = this.deps.db
        .update(staffSecondFactors)
        .set({ totpLastStep: step, lastUsedAt: this.nowIso() })
        .where(eq(staffSecondFactors.id, row.id))
        .returning()
        .get();
      return view(used);
    }
    return null;
  }

  /** Options for `navigator.credentials.get`, naming the member's passkeys; the caller keeps the challenge. */
  passkeyPrompt(staffId: number) {
    return authenticationOptions(
      this.relyingParty,
      this.rows(staffId)
        .filter((r) => r.kind === 'passkey')
        .map(passkeyOf),
    );
  }

  /** The passkey that signed `challenge` (marked used, its counter kept), or null. */
  async acceptPasskey(staffId: number, response: AuthenticationResponseJSON, challenge: string): Promise<FactorView | null> {
    const row = this.rows(staffId).find((r) => r.kind === 'passkey' && r.credentialId === response.id);
    if (!row) return null;
    const counter = await verifyAuthentication(this.relyingParty, response, challenge, passkeyOf(row));
    if (counter === null) return null;
    const used = this.deps.db
      .update(staffSecondFactors)
      .set({ signCount: counter, lastUsedAt: this.nowIso() })
      .where(eq(staffSecondFactors.id, row.id))
      .returning()
      .get();
    return view(used);
  }

  /**
   * A member removes one of their factors (the caller has re-checked their password). A role that
   * requires a second factor keeps at least one; the recovery codes go with the last.
   */
  remove(member: Member, factorId: number, origin: RequestOrigin): FactorView {
    return durableTransaction(this.deps.db, () => {
      const rows = this.rows(member.id);
      const row = rows.find((r) => r.id === factorId);
      if (!row) throw notFound('That sign-in method');
      if (rows.length === 1 && this.required(member.role)) {
        throw conflict(`Your role (${member.role}) must keep a second factor: add another one first, then remove this one.`);
      }
      this.deps.db.delete(staffSecondFactors).where(eq(staffSecondFactors.id, row.id)).run();
      if (rows.length === 1) this.recoveryCodes.removeAll(member.id);
      this.audit(origin, member, 'auth.secondFactor.removed', 'succeeded', {
        factorId: row.id,
        kind: row.kind,
        label: row.label,
        factorsLeft: rows.length - 1,
      });
      return view(row);
    });
  }

  /** New recovery codes replace the old ones (which stop working); answered once. */
  regenerateRecoveryCodes(member: Member, origin: RequestOrigin): string[] {
    return durableTransaction(this.deps.db, () => {
      if (this.rows(member.id).length === 0) throw new AppError(409, 'Add a passkey or an authenticator app first: recovery codes stand in for one.');
      const codes = this.recoveryCodes.replace(member.id);
      this.audit(origin, member, 'auth.recoveryCodes.generated', 'succeeded', { recoveryCodesIssued: codes.length });
      return codes;
    });
  }

  /** An admin's reset: every factor and recovery code of the member goes. Call inside the caller's transaction. */
  removeAll(staffId: number): { factorsRemoved: number } {
    const factorsRemoved = this.rows(staffId).length;
    this.deps.db.delete(staffSecondFactors).where(eq(staffSecondFactors.staffId, staffId)).run();
    this.deps.db.delete(pendingFactorEnrolments).where(eq(pendingFactorEnrolments.staffId, staffId)).run();
    this.recoveryCodes.removeAll(staffId);
    return { factorsRemoved };
  }

  private audit(
    origin: RequestOrigin,
    member: Member,
    action: string,
    outcome: 'succeeded' | 'failed',
    after: Record<string, unknown>,
    error?: Record<string, unknown>,
  ) {
    this.deps.audit.record({ ...origin, action, outcome, target: { type: 'staff', id: String(member.id) }, after, ...(error ? { error } : {}) });
  }
}

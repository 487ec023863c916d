import type { AuthenticationResponseJSON, AuthenticatorTransportFuture, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { AuthDeps } from './services.ts';
import type { AuditInput } from '../audit/log.ts';
import type { AuthStore, FactorRow } from './store/index.ts';
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
    private readonly store: AuthStore,
    private readonly key: AuthKey,
  ) {
    this.recoveryCodes = new RecoveryCodes(store, key, () => this.nowIso());
  }

  private nowIso() {
    return this.deps.clock().toISOString();
  }

  async list(staffId: number): Promise<FactorView[]> {
    return (await this.store.factorsOf(staffId)).map(view);
  }

  /** The kinds the member has, e.g. to offer the right prompts at sign-in. */
  async kinds(staffId: number): Promise<FactorKind[]> {
    return kindsOf(await this.store.factorsOf(staffId));
  }

  /** Whether the member's role must have a second factor (REQUIRE_SECOND_FACTOR). */
  required(role: Role): boolean {
    return this.deps.config.REQUIRE_SECOND_FACTOR.includes(role);
  }

  get relyingParty() {
    return relyingParty(this.deps.config);
  }

  private pendingEnrolment(staffId: number, kind: FactorKind) {
    return this.store.pendingEnrolment(staffId, kind, this.deps.clock().getTime());
  }

  private keepEnrolment(staffId: number, kind: FactorKind, values: { totpSecretSealed?: string; challenge?: string }) {
    return this.store.keepPendingEnrolment({
      staffId,
      kind,
      totpSecretSealed: values.totpSecretSealed ?? null,
      challenge: values.challenge ?? null,
      expiresAt: this.deps.clock().getTime() + ENROLMENT_MS,
    });
  }

  private async passkeysOf(staffId: number): Promise<StoredPasskey[]> {
    return (await this.store.factorsOf(staffId)).filter((r) => r.kind === 'passkey').map(passkeyOf);
  }

  /** Starts adding an authenticator app: the secret and its `otpauth://` URI, for the QR code. Nothing counts until confirmed. */
  async startTotp(member: Member): Promise<{ secret: string; uri: string }> {
    const secret = newTotpSecret();
    await this.keepEnrolment(member.id, 'totp', { totpSecretSealed: this.key.seal(secret, sealContext(member.id)) });
    return { secret, uri: totpUri(secret, member.email, `subdesk (${this.relyingParty.id})`) };
  }

  /** Adds the authenticator app once a code from it is right. */
  async confirmTotp(member: Member, code: string, label: string | undefined, origin: RequestOrigin): Promise<Enrolled> {
    const pending = await this.pendingEnrolment(member.id, 'totp');
    const secret = pending?.totpSecretSealed ? this.key.open(pending.totpSecretSealed, sealContext(member.id)) : null;
    if (!secret) throw badRequest('Start again: adding the authenticator app took longer than 10 minutes.', { code: 'start again' });
    const step = totpStep(secret, code, this.deps.clock().getTime(), null);
    if (step === null) {
      await this.deps.audit.append(this.entry(origin, member, 'auth.secondFactor.enrolled', 'failed', { kind: 'totp' }, { reason: 'wrong code' }));
      throw badRequest('That code is not right. Type the six digits the app shows now.', { code: 'is not right' });
    }
    return this.add(member, { kind: 'totp', label, totpSecretSealed: pending!.totpSecretSealed, totpLastStep: step }, origin);
  }

  /** Starts adding a passkey: the options for the browser's `navigator.credentials.create`. */
  async startPasskey(member: Member) {
    const options = await registrationOptions(this.relyingParty, member, await this.passkeysOf(member.id));
    await this.keepEnrolment(member.id, 'passkey', { challenge: options.challenge });
    return options;
  }

  async confirmPasskey(member: Member, response: RegistrationResponseJSON, label: string | undefined, origin: RequestOrigin): Promise<Enrolled> {
    const challenge = (await this.pendingEnrolment(member.id, 'passkey'))?.challenge;
    if (!challenge) throw badRequest('Start again: adding the passkey took longer than 10 minutes.', {});
    const passkey = await verifyRegistration(this.relyingParty, response, challenge);
    if (!passkey) {
      await this.deps.audit.append(
        this.entry(origin, member, 'auth.secondFactor.enrolled', 'failed', { kind: 'passkey' }, { reason: 'the browser answer did not verify' }),
      );
      throw badRequest(`The passkey could not be checked. Passkeys work only at ${this.relyingParty.origin}; try again there.`, {});
    }
    return this.add(member, { kind: 'passkey', label, ...passkey, transports: JSON.stringify(passkey.transports) }, origin);
  }

  private async add(
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
  ): Promise<Enrolled> {
    // The first factor brings the recovery codes: a member who loses it must not be locked out for good.
    const { codes, hashes } = this.recoveryCodes.issue();
    const { row, first } = await this.store.addFactor(
      { ...factor, staffId: member.id, label: factor.label?.trim() || DEFAULT_LABEL[factor.kind], createdAt: this.nowIso() },
      hashes,
      (added, isFirst) =>
        this.entry(origin, member, 'auth.secondFactor.enrolled', 'succeeded', {
          factorId: added.id,
          kind: added.kind,
          label: added.label,
          recoveryCodesIssued: isFirst ? codes.length : 0,
        }),
    );
    return { factor: view(row), recoveryCodes: first ? codes : null };
  }

  /**
   * The TOTP factor a code is right for (marked used, its step spent), or null. The step is spent
   * only if no request spent it (or a later one) first: a code works once, across instances too.
   */
  async acceptTotpCode(staffId: number, code: string): Promise<FactorView | null> {
    const now = this.deps.clock().getTime();
    for (const row of await this.store.factorsOf(staffId)) {
      if (row.kind !== 'totp' || !row.totpSecretSealed) continue;
      const secret = this.key.open(row.totpSecretSealed, sealContext(staffId));
      const step = secret ? totpStep(secret, code, now, row.totpLastStep) : null;
      if (step === null) continue;
      const used = await this.store.spendTotpStep(row.id, step, this.nowIso());
      return used ? view(used) : null;
    }
    return null;
  }

  /** Options for `navigator.credentials.get`, naming the member's passkeys; the caller keeps the challenge. */
  async passkeyPrompt(staffId: number) {
    return authenticationOptions(this.relyingParty, await this.passkeysOf(staffId));
  }

  /** The passkey that signed `challenge` (marked used, its counter kept), or null. */
  async acceptPasskey(staffId: number, response: AuthenticationResponseJSON, challenge: string): Promise<FactorView | null> {
    const row = (await this.store.factorsOf(staffId)).find((r) => r.kind === 'passkey' && r.credentialId === response.id);
    if (!row) return null;
    const counter = await verifyAuthentication(this.relyingParty, response, challenge, passkeyOf(row));
    if (counter === null) return null;
    const used = await this.store.recordPasskeyUse(row.id, counter, this.nowIso());
    return used ? view(used) : null;
  }

  /**
   * A member removes one of their factors (the caller has re-checked their password). A role that
   * requires a second factor keeps at least one; the recovery codes go with the last.
   */
  async remove(member: Member, factorId: number, origin: RequestOrigin): Promise<FactorView> {
    const row = await this.store.removeFactor(
      member.id,
      factorId,
      (all) => {
        if (all.length === 1 && this.required(member.role)) {
          throw conflict(`Your role (${member.role}) must keep a second factor: add another one first, then remove this one.`);
        }
      },
      (removed, left) =>
        this.entry(origin, member, 'auth.secondFactor.removed', 'succeeded', {
          factorId: removed.id,
          kind: removed.kind,
          label: removed.label,
          factorsLeft: left,
        }),
    );
    if (!row) throw notFound('That sign-in method');
    return view(row);
  }

  /** New recovery codes replace the old ones (which stop working); answered once. */
  async regenerateRecoveryCodes(member: Member, origin: RequestOrigin): Promise<string[]> {
    const { codes, hashes } = this.recoveryCodes.issue();
    const entry = this.entry(origin, member, 'auth.recoveryCodes.generated', 'succeeded', { recoveryCodesIssued: codes.length });
    if (!(await this.store.replaceRecoveryCodes(member.id, hashes, this.nowIso(), entry))) {
      throw new AppError(409, 'Add a passkey or an authenticator app first: recovery codes stand in for one.');
    }
    return codes;
  }

  private entry(
    origin: RequestOrigin,
    member: Member,
    action: string,
    outcome: 'succeeded' | 'failed',
    after: Record<string, unknown>,
    error?: Record<string, unknown>,
  ): AuditInput {
    return { ...origin, action, outcome, target: { type: 'staff', id: String(member.id) }, after, ...(error ? { error } : {}) };
  }
}

/** The kinds among factor rows, in the order they were added. */
export const kindsOf = (rows: FactorRow[]): FactorKind[] => [...new Set(rows.map((r) => r.kind))];

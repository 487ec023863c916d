import { startAuthentication, startRegistration, type PublicKeyCredentialCreationOptionsJSON, type RegistrationResponseJSON } from '@simplewebauthn/browser';
import type { AuthenticationResponseJSON } from '@simplewebauthn/browser';
import { api, failure } from '../authProvider.ts';
import type { MessageKey, Translate } from '../i18n/index.ts';

/** The second steps the server offers: the member's factors, and a recovery code. */
export type SecondStepMethod = 'totp' | 'passkey' | 'recovery';
export type FactorKind = 'totp' | 'passkey';

/**
 * The password was right (or the account is locked and a second factor may lift it), and the
 * sign-in goes on on the same page: prove a factor (`secondFactor`) or add the first one (`enrol`).
 * No session exists yet; the server holds the pending sign-in, the browser an httpOnly cookie.
 */
export class SecondStepRequired extends Error {
  constructor(
    readonly step: 'secondFactor' | 'enrol',
    readonly methods: SecondStepMethod[],
    /** Where passkeys work: PUBLIC_URL's origin. */
    readonly passkeyOrigin: string,
    /** The account is locked: only password and second factor together get in now. */
    readonly locked: string | null,
  ) {
    // The sign-in page shows the step, not this message; react-admin translates it if it ever shows it.
    super(locked ?? ('login.secondFactor.required' satisfies MessageKey));
    this.name = 'SecondStepRequired';
  }
}

export type SecondStepInput = { method: 'totp' | 'recovery'; code: string } | { method: 'passkey'; response: AuthenticationResponseJSON };
export type EnrolInput = { method: 'totp'; code: string; label?: string } | { method: 'passkey'; response: RegistrationResponseJSON; label?: string };

/** Whether this page can use passkeys: a browser that has them, at the address they were made for. */
export function passkeysWorkHere(passkeyOrigin: string): boolean {
  return typeof window !== 'undefined' && 'PublicKeyCredential' in window && window.location.origin === passkeyOrigin;
}

const PASSKEY_PROBLEMS: Record<string, MessageKey> = {
  NotAllowedError: 'login.passkey.closed',
  InvalidStateError: 'login.passkey.alreadyHere',
  SecurityError: 'login.passkey.wrongAddress',
};

/** The browser's own refusal, in the reader's words: a closed prompt is the commonest. Another error's message is shown as it comes. */
export function passkeyProblem(err: unknown, t: Translate): string {
  const known = PASSKEY_PROBLEMS[(err as { name?: string })?.name ?? ''];
  if (known) return t(known);
  return err instanceof Error ? err.message : t('login.passkey.failed');
}

async function postJson<T>(path: string, body: unknown = {}): Promise<T> {
  const res = await api(path, { method: 'POST', body: JSON.stringify(body) });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

/** Asks the browser for the member's passkey at the second step. */
export async function passkeyAssertion(): Promise<AuthenticationResponseJSON> {
  const optionsJSON = await postJson<Parameters<typeof startAuthentication>[0]['optionsJSON']>('/auth/second-factor/passkey-options');
  return startAuthentication({ optionsJSON });
}

/**
 * Where the two places that add a factor (the sign-in's enrolment, the Security page) differ:
 * which routes they call. The steps themselves are the same.
 */
export type FactorEnrolment = {
  startTotp(): Promise<{ secret: string; uri: string }>;
  passkeyOptions(): Promise<PublicKeyCredentialCreationOptionsJSON>;
  /** Confirms the factor; answers the recovery codes when they were issued with it (the first factor). */
  confirm(input: EnrolInput): Promise<{ recoveryCodes: string[] | null }>;
};

/** Makes a passkey with the browser from the server's options. */
export const createPasskey = (optionsJSON: PublicKeyCredentialCreationOptionsJSON) => startRegistration({ optionsJSON });

/** The enrolment routes of the pending sign-in (the role requires a factor; no session yet). */
export const signInEnrolment = (confirm: (input: EnrolInput) => Promise<{ recoveryCodes: string[] | null }>): FactorEnrolment => ({
  startTotp: () => postJson('/auth/enrol/totp'),
  passkeyOptions: () => postJson('/auth/enrol/passkey-options'),
  confirm,
});

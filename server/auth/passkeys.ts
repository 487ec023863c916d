import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Config } from '../config.ts';

/**
 * Passkeys (WebAuthn) through @simplewebauthn/server. The relying party is PUBLIC_URL: its host
 * is the RP ID and its origin the only origin accepted, so a passkey made here works only at that
 * address (a browser refuses a passkey at any other host; subdesk reached at another address
 * cannot use passkeys, and the Security page says so). User verification (PIN, fingerprint) is
 * required, and the passkey must be discoverable.
 */
export type RelyingParty = { id: string; origin: string; name: string };

export const relyingParty = (config: Pick<Config, 'publicUrl'>): RelyingParty => {
  const url = new URL(config.publicUrl);
  return { id: url.hostname, origin: url.origin, name: 'subdesk' };
};

export type StoredPasskey = { credentialId: string; publicKey: string; signCount: number; transports: AuthenticatorTransportFuture[] };

const TIMEOUT_MS = 120_000;

export function registrationOptions(
  rp: RelyingParty,
  member: { id: number; email: string },
  existing: StoredPasskey[],
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: member.email,
    // A stable handle that says nothing about the member beyond this deployment's own id.
    userID: new TextEncoder().encode(`subdesk-staff-${member.id}`),
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    timeout: TIMEOUT_MS,
  });
}

/** The new passkey, or null when the browser's answer does not hold up (wrong challenge, origin, RP ID, no user verification). */
export async function verifyRegistration(rp: RelyingParty, response: RegistrationResponseJSON, challenge: string): Promise<StoredPasskey | null> {
  try {
    const result = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
    if (!result.verified) return null;
    const { credential } = result.registrationInfo;
    return {
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      signCount: credential.counter,
      transports: credential.transports ?? [],
    };
  } catch {
    return null;
  }
}

export function authenticationOptions(rp: RelyingParty, allowed: StoredPasskey[]): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return generateAuthenticationOptions({
    rpID: rp.id,
    allowCredentials: allowed.map((p) => ({ id: p.credentialId, transports: p.transports })),
    userVerification: 'required',
    timeout: TIMEOUT_MS,
  });
}

/** The passkey's new signature counter, or null when the assertion does not hold up. */
export async function verifyAuthentication(
  rp: RelyingParty,
  response: AuthenticationResponseJSON,
  challenge: string,
  passkey: StoredPasskey,
): Promise<number | null> {
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
        counter: passkey.signCount,
        transports: passkey.transports,
      },
    });
    return result.verified ? result.authenticationInfo.newCounter : null;
  } catch {
    return null;
  }
}

import { z } from 'zod';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';

/**
 * Request bodies of the second-factor routes (the sign-in's second step, enrolment, the Security
 * page), shared by server/routes/auth.ts and server/routes/sign-in-methods.ts. A browser's
 * WebAuthn answer is checked for its shape here and for its meaning by @simplewebauthn/server.
 */
const base64url = z
  .string()
  .max(16_384)
  .regex(/^[A-Za-z0-9_-]*$/, 'must be base64url');

const credential = <R extends z.ZodType>(response: R) =>
  z
    .object({
      id: base64url.min(1),
      rawId: base64url.min(1),
      type: z.literal('public-key'),
      response,
      clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
      authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
    })
    .strict();

export const registrationResponse = credential(
  z.looseObject({ clientDataJSON: base64url, attestationObject: base64url, transports: z.array(z.string().max(32)).max(8).optional() }),
) as unknown as z.ZodType<RegistrationResponseJSON>;

export const authenticationResponse = credential(
  z.looseObject({ clientDataJSON: base64url, authenticatorData: base64url, signature: base64url, userHandle: base64url.optional() }),
) as unknown as z.ZodType<AuthenticationResponseJSON>;

const code = z.string().trim().min(1, 'is required').max(32, 'is too long');
export const factorLabel = z.string().trim().max(60, 'must be at most 60 characters').optional();

export const secondStepBody = z.discriminatedUnion('method', [
  z.object({ method: z.literal('totp'), code }).strict(),
  z.object({ method: z.literal('recovery'), code }).strict(),
  z.object({ method: z.literal('passkey'), response: authenticationResponse }).strict(),
]);

export const enrolBody = z.discriminatedUnion('method', [
  z.object({ method: z.literal('totp'), code, label: factorLabel }).strict(),
  z.object({ method: z.literal('passkey'), response: registrationResponse, label: factorLabel }).strict(),
]);

export const emptyBody = z.object({}).strict();

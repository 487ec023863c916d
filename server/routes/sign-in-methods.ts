import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context.ts';
import { allow } from '../http/access.ts';
import { validate } from '../http/validate.ts';
import { auditContext, clientIp } from '../http/audit-context.ts';
import { recheckPassword } from '../auth/recheck-password.ts';
import { answerThrottled } from '../auth/throttled-answer.ts';
import { emptyBody, factorLabel, registrationResponse } from '../auth/factor-bodies.ts';
import { MAX_PASSWORD_LENGTH } from '../auth/password.ts';

const idParam = z.object({ id: z.coerce.number().int().positive('must be a sign-in method id').max(Number.MAX_SAFE_INTEGER) }).strict();
const passwordBody = z.object({ password: z.string().min(1, 'is required').max(MAX_PASSWORD_LENGTH, 'is too long') }).strict();
const totpConfirmBody = z.object({ code: z.string().trim().min(1, 'is required').max(32, 'is too long'), label: factorLabel }).strict();
const passkeyBody = z.object({ response: registrationResponse, label: factorLabel }).strict();

/**
 * The signed-in member's own second factors (the Security page): list, add an authenticator app
 * or a passkey, remove one and replace the recovery codes (both with the password re-checked).
 * Each member reaches only their own: there is no member id in these routes.
 */
export const signInMethodsRoutes = new Hono<AppEnv>()
  .get('/sign-in-methods', allow('sign-in-methods', 'show'), async (c) => {
    const principal = c.get('principal')!;
    const { factors } = c.get('deps').auth;
    const [list, recoveryCodesLeft] = await Promise.all([factors.list(principal.id), factors.recoveryCodes.left(principal.id)]);
    return c.json({
      factors: list,
      recoveryCodesLeft,
      required: factors.required(principal.role),
      passkeyOrigin: factors.relyingParty.origin,
    });
  })
  .post('/sign-in-methods/totp', allow('sign-in-methods', 'create'), validate('json', emptyBody.optional()), async (c) =>
    c.json(await c.get('deps').auth.factors.startTotp(c.get('principal')!)),
  )
  .post('/sign-in-methods/totp/confirm', allow('sign-in-methods', 'create'), validate('json', totpConfirmBody), async (c) => {
    const { code, label } = c.req.valid('json');
    return c.json(await c.get('deps').auth.factors.confirmTotp(c.get('principal')!, code, label, auditContext(c)), 201);
  })
  .post('/sign-in-methods/passkey-options', allow('sign-in-methods', 'create'), validate('json', emptyBody.optional()), async (c) =>
    c.json(await c.get('deps').auth.factors.startPasskey(c.get('principal')!)),
  )
  .post('/sign-in-methods/passkey', allow('sign-in-methods', 'create'), validate('json', passkeyBody), async (c) => {
    const { response, label } = c.req.valid('json');
    return c.json(await c.get('deps').auth.factors.confirmPasskey(c.get('principal')!, response, label, auditContext(c)), 201);
  })
  .post('/sign-in-methods/:id/remove', allow('sign-in-methods', 'delete'), validate('param', idParam), validate('json', passwordBody), async (c) => {
    const deps = c.get('deps');
    const principal = c.get('principal')!;
    const origin = auditContext(c);
    const id = c.req.valid('param').id;
    const checked = await answerThrottled(c, () =>
      recheckPassword(deps, principal, c.req.valid('json').password, clientIp(c), 'password', (reason) =>
        deps.audit.append({
          ...origin,
          action: 'auth.secondFactor.removed',
          outcome: 'failed',
          target: { type: 'staff', id: String(principal.id) },
          request: { factorId: id },
          error: { reason },
        }),
      ),
    );
    if (checked instanceof Response) return checked;
    return c.json(await deps.auth.factors.remove(principal, id, origin));
  })
  .post('/sign-in-methods/recovery-codes', allow('sign-in-methods', 'create'), validate('json', passwordBody), async (c) => {
    const deps = c.get('deps');
    const principal = c.get('principal')!;
    const origin = auditContext(c);
    const checked = await answerThrottled(c, () =>
      recheckPassword(deps, principal, c.req.valid('json').password, clientIp(c), 'password', (reason) =>
        deps.audit.append({
          ...origin,
          action: 'auth.recoveryCodes.generated',
          outcome: 'failed',
          target: { type: 'staff', id: String(principal.id) },
          error: { reason },
        }),
      ),
    );
    if (checked instanceof Response) return checked;
    return c.json({ recoveryCodes: await deps.auth.factors.regenerateRecoveryCodes(principal, origin) });
  });

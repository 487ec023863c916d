import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context.ts';
import { publicRoute, signedIn } from '../http/access.ts';
import { validate } from '../http/validate.ts';
import { auditContext, clientIp } from '../http/audit-context.ts';
import { errorBody } from '../http/errors.ts';
import { signIn } from '../auth/sign-in.ts';
import { changeOwnPassword } from '../auth/change-password.ts';
import {
  clearPendingSignInCookie,
  clearSessionCookie,
  readPendingSignInCookie,
  readSessionCookie,
  writePendingSignInCookie,
  writeSessionCookie,
} from '../auth/cookie.ts';
import { completeSecondStep, confirmEnrolmentAtSignIn, enrolPasskeyAtSignIn, enrolTotpAtSignIn, secondStepPasskeyPrompt } from '../auth/second-step.ts';
import { emptyBody, enrolBody, secondStepBody } from '../auth/factor-bodies.ts';
import { relyingParty } from '../auth/passkeys.ts';
import { answerThrottled } from '../auth/throttled-answer.ts';
import { MAX_PASSWORD_LENGTH } from '../auth/password.ts';

const loginBody = z
  .object({
    email: z.string().trim().min(1, 'is required').max(320, 'is too long'),
    password: z.string().min(1, 'is required').max(MAX_PASSWORD_LENGTH, `is longer than ${MAX_PASSWORD_LENGTH} characters`),
  })
  .strict();

const passwordBody = z
  .object({
    currentPassword: z.string().min(1, 'is required').max(MAX_PASSWORD_LENGTH, 'is too long'),
    newPassword: z
      .string()
      .min(1, 'is required')
      .max(4 * MAX_PASSWORD_LENGTH, 'is too long'),
  })
  .strict();

/** Where passkeys work (PUBLIC_URL's origin): the sign-in page says so when it is reached at another address. */
const passkeyPlace = (deps: { config: { publicUrl: string } }) => ({ passkeyOrigin: relyingParty(deps.config).origin });

const me = (p: { id: number; email: string; role: string; mustChangePassword: boolean }) => ({
  id: p.id,
  email: p.email,
  role: p.role,
  mustChangePassword: p.mustChangePassword,
});

/**
 * Sign in (the password, then a second factor or the enrolment a role requires), sign out, who am I,
 * change my password; and whether the login page may show the demo hint.
 */
export const authRoutes = new Hono<AppEnv>()
  .get('/auth/config', publicRoute, (c) => {
    const { sandbox, used } = c.get('deps').config;
    // Demo accounts exist only when every system the business uses is the sandbox (config.ts).
    return c.json({ sandbox: sandbox.gigs || sandbox.centra, systems: used });
  })
  .post('/auth/login', publicRoute, validate('json', loginBody), async (c) => {
    const deps = c.get('deps');
    const body = c.req.valid('json');
    // Whatever session the browser brought is ended: a new token at every sign-in (no fixation).
    const previous = readSessionCookie(c, deps.config);
    const prior = previous ? await deps.auth.sessions.resolve(previous) : null;
    const result = await answerThrottled(c, () => signIn(deps, body, { ...auditContext(c), ip: clientIp(c) }));
    if (result instanceof Response) return result;
    if (prior) await deps.auth.sessions.end(prior.sessionId);
    if (result.step === 'signedIn') {
      writeSessionCookie(c, deps.config, result.token);
      return c.json(me(result.principal));
    }
    // No session yet: the browser gets a pending sign-in, good for the second step only.
    clearSessionCookie(c, deps.config);
    writePendingSignInCookie(c, deps.config, result.pendingToken);
    if (result.step === 'locked') {
      c.header('Retry-After', String(result.error.retryAfterSeconds));
      return c.json({ ...errorBody(result.error), code: 'accountLocked', step: 'secondFactor', methods: result.methods, ...passkeyPlace(deps) }, 429);
    }
    return c.json({ step: result.step, methods: result.methods, ...passkeyPlace(deps) });
  })
  .post('/auth/second-factor/passkey-options', publicRoute, validate('json', emptyBody.optional()), async (c) =>
    c.json(await secondStepPasskeyPrompt(c.get('deps'), readPendingSignInCookie(c, c.get('deps').config))),
  )
  .post('/auth/second-factor', publicRoute, validate('json', secondStepBody), async (c) => {
    const deps = c.get('deps');
    const result = await answerThrottled(c, () =>
      completeSecondStep(deps, readPendingSignInCookie(c, deps.config), c.req.valid('json'), { ...auditContext(c), ip: clientIp(c) }),
    );
    if (result instanceof Response) return result;
    clearPendingSignInCookie(c, deps.config);
    writeSessionCookie(c, deps.config, result.token);
    return c.json(me(result.principal));
  })
  .post('/auth/enrol/totp', publicRoute, validate('json', emptyBody.optional()), async (c) =>
    c.json(await enrolTotpAtSignIn(c.get('deps'), readPendingSignInCookie(c, c.get('deps').config))),
  )
  .post('/auth/enrol/passkey-options', publicRoute, validate('json', emptyBody.optional()), async (c) =>
    c.json(await enrolPasskeyAtSignIn(c.get('deps'), readPendingSignInCookie(c, c.get('deps').config))),
  )
  .post('/auth/enrol', publicRoute, validate('json', enrolBody), async (c) => {
    const deps = c.get('deps');
    const { principal, token, recoveryCodes } = await confirmEnrolmentAtSignIn(deps, readPendingSignInCookie(c, deps.config), c.req.valid('json'), {
      ...auditContext(c),
      ip: clientIp(c),
    });
    clearPendingSignInCookie(c, deps.config);
    writeSessionCookie(c, deps.config, token);
    return c.json({ ...me(principal), recoveryCodes });
  })
  .post('/auth/logout', signedIn(), async (c) => {
    const deps = c.get('deps');
    const principal = c.get('principal')!;
    await deps.auth.sessions.end(principal.sessionId);
    await deps.audit.append({
      ...auditContext(c),
      action: 'auth.logout',
      outcome: 'succeeded',
      target: { type: 'staff', id: String(principal.id) },
      after: { sessionId: principal.sessionId },
    });
    clearSessionCookie(c, deps.config);
    return c.json({ ok: true });
  })
  .get('/auth/me', signedIn(), (c) => c.json(me(c.get('principal')!)))
  .post('/auth/password', signedIn(), validate('json', passwordBody), async (c) => {
    const deps = c.get('deps');
    const result = await answerThrottled(c, () => changeOwnPassword(deps, c.get('principal')!, c.req.valid('json'), { ...auditContext(c), ip: clientIp(c) }));
    if (result instanceof Response) return result;
    writeSessionCookie(c, deps.config, result.token);
    return c.json(me(result.principal));
  });

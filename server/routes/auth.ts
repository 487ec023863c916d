import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context.ts';
import { publicRoute, signedIn } from '../http/access.ts';
import { validate } from '../http/validate.ts';
import { auditContext, clientIp } from '../http/audit-context.ts';
import { errorBody } from '../http/errors.ts';
import { signIn, ThrottledError } from '../auth/sign-in.ts';
import { changeOwnPassword } from '../auth/change-password.ts';
import { clearSessionCookie, readSessionCookie, writeSessionCookie } from '../auth/cookie.ts';
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

const me = (p: { id: number; email: string; role: string; mustChangePassword: boolean }) => ({
  id: p.id,
  email: p.email,
  role: p.role,
  mustChangePassword: p.mustChangePassword,
});

/** Sign in, sign out, who am I, change my password; and whether the login page may show the demo hint. */
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
    const prior = previous ? deps.auth.sessions.resolve(previous) : null;
    try {
      const { principal, token } = await signIn(deps, body, { ...auditContext(c), ip: clientIp(c) });
      if (prior) deps.auth.sessions.end(prior.sessionId);
      writeSessionCookie(c, deps.config, token);
      return c.json(me(principal));
    } catch (err) {
      if (err instanceof ThrottledError) {
        c.header('Retry-After', String(err.retryAfterSeconds));
        return c.json(errorBody(err), 429);
      }
      throw err;
    }
  })
  .post('/auth/logout', signedIn(), (c) => {
    const deps = c.get('deps');
    const principal = c.get('principal')!;
    deps.auth.sessions.end(principal.sessionId);
    deps.audit.record({
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
    try {
      const { token, principal } = await changeOwnPassword(deps, c.get('principal')!, c.req.valid('json'), { ...auditContext(c), ip: clientIp(c) });
      writeSessionCookie(c, deps.config, token);
      return c.json(me(principal));
    } catch (err) {
      if (err instanceof ThrottledError) {
        c.header('Retry-After', String(err.retryAfterSeconds));
        return c.json(errorBody(err), 429);
      }
      throw err;
    }
  });

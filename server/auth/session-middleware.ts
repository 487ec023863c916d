import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { readSessionCookie } from './cookie.ts';
import { SESSION_ENDS_IN_HEADER, SESSION_EXPIRES_IN_HEADER } from './session-timing.ts';

/**
 * Reads the session cookie and sets `principal` (null without a live session). It never refuses
 * a request itself: each route's access rule (server/http/access.ts) decides. A live session's
 * answers say how long it has left, so the SPA can warn before it ends for inactivity.
 */
export function loadPrincipal(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const deps = c.get('deps');
    const token = readSessionCookie(c, deps.config);
    if (token) {
      const session = await deps.auth.sessions.resolveSession(token);
      c.set('principal', session?.principal ?? null);
      if (session) {
        c.header(SESSION_EXPIRES_IN_HEADER, String(Math.floor(session.expiresInMs / 1000)));
        c.header(SESSION_ENDS_IN_HEADER, String(Math.floor(session.endsInMs / 1000)));
      }
    }
    await next();
  };
}

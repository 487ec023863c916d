import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { readSessionCookie } from './cookie.ts';
import { authServices } from './services.ts';

/**
 * Reads the session cookie and sets `principal` (null without a live session). It never refuses
 * a request itself: each route's access rule (server/http/access.ts) decides.
 */
export function loadPrincipal(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const deps = c.get('deps');
    const token = readSessionCookie(c, deps.config);
    if (token) c.set('principal', authServices(deps).sessions.resolve(token));
    await next();
  };
}

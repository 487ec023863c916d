import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/context.ts';

/** Reads the session cookie and sets `principal`. (Filled in by the staff accounts work.) */
export function loadPrincipal(): MiddlewareHandler<AppEnv> {
  return async (_c, next) => {
    await next();
  };
}

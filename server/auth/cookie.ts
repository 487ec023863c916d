import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Config } from '../config.ts';
import { ABSOLUTE_TIMEOUT_MS } from './sessions.ts';

/**
 * The session cookie. Over https it is `__Host-subdesk_session` with Secure (the prefix makes the
 * browser refuse it from a sub-domain or without Secure); over plain http (local, tests) browsers
 * would drop a Secure cookie, so it is plain `subdesk_session`. Always httpOnly, SameSite=Strict, Path=/.
 */
export function sessionCookieName(config: Pick<Config, 'publicUrl'>): string {
  return isHttps(config) ? '__Host-subdesk_session' : 'subdesk_session';
}

const isHttps = (config: Pick<Config, 'publicUrl'>) => config.publicUrl.startsWith('https:');

export function readSessionCookie(c: Context, config: Config): string | undefined {
  return getCookie(c, sessionCookieName(config));
}

export function writeSessionCookie(c: Context, config: Config, token: string): void {
  // Max-Age matches the absolute timeout; the server enforces both timeouts whatever the browser keeps.
  setCookie(c, sessionCookieName(config), token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: isHttps(config),
    maxAge: Math.floor(ABSOLUTE_TIMEOUT_MS / 1000),
  });
}

export function clearSessionCookie(c: Context, config: Config): void {
  deleteCookie(c, sessionCookieName(config), { httpOnly: true, sameSite: 'Strict', path: '/', secure: isHttps(config) });
}

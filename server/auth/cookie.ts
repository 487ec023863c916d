import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Config } from '../config.ts';
import { ABSOLUTE_TIMEOUT_MS } from './sessions.ts';
import { PENDING_SIGN_IN_MS } from './pending-sign-ins.ts';

/**
 * subdesk's two cookies: the session, and the sign-in between its password and its second step
 * (server/auth/pending-sign-ins.ts), which opens nothing but that step. Over https each has the
 * `__Host-` prefix and Secure (the prefix makes the browser refuse it from a sub-domain or without
 * Secure); over plain http (local, tests) browsers would drop a Secure cookie, so the plain name.
 * Always httpOnly, SameSite=Strict, Path=/.
 */
type CookieKind = 'session' | 'pendingSignIn';
const BASE_NAME: Record<CookieKind, string> = { session: 'subdesk_session', pendingSignIn: 'subdesk_sign_in' };
// Max-Age: the session's absolute timeout (the server enforces both timeouts whatever the browser keeps), the pending sign-in's life.
const MAX_AGE_MS: Record<CookieKind, number> = { session: ABSOLUTE_TIMEOUT_MS, pendingSignIn: PENDING_SIGN_IN_MS };

const isHttps = (config: Pick<Config, 'publicUrl'>) => config.publicUrl.startsWith('https:');
const nameOf = (kind: CookieKind, config: Pick<Config, 'publicUrl'>) => (isHttps(config) ? `__Host-${BASE_NAME[kind]}` : BASE_NAME[kind]);
const flags = (config: Pick<Config, 'publicUrl'>) => ({ httpOnly: true, sameSite: 'Strict' as const, path: '/', secure: isHttps(config) });

const read =
  (kind: CookieKind) =>
  (c: Context, config: Config): string | undefined =>
    getCookie(c, nameOf(kind, config));
const write =
  (kind: CookieKind) =>
  (c: Context, config: Config, token: string): void =>
    setCookie(c, nameOf(kind, config), token, { ...flags(config), maxAge: Math.floor(MAX_AGE_MS[kind] / 1000) });
const clear =
  (kind: CookieKind) =>
  (c: Context, config: Config): void => {
    deleteCookie(c, nameOf(kind, config), flags(config));
  };

export const sessionCookieName = (config: Pick<Config, 'publicUrl'>) => nameOf('session', config);
export const readSessionCookie = read('session');
export const writeSessionCookie = write('session');
export const clearSessionCookie = clear('session');

export const readPendingSignInCookie = read('pendingSignIn');
export const writePendingSignInCookie = write('pendingSignIn');
export const clearPendingSignInCookie = clear('pendingSignIn');

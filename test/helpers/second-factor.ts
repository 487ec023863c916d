import { TOTP, Secret } from 'otpauth';
import { req, sessionFromResponse, type AuthTestApp } from './auth.ts';

/** The code an authenticator app shows for `secret` at the test app's clock (or `at`). */
export function totpCode(t: AuthTestApp, secret: string, at = t.deps.clock().getTime()): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: at });
}

/** The `name=value` pair of the pending sign-in cookie a response sets (or undefined). */
export function pendingFromResponse(res: Response): string | undefined {
  for (const line of res.headers.getSetCookie()) {
    const pair = line.split(';')[0]!;
    if (/^(__Host-)?subdesk_sign_in=./.test(pair)) return pair;
  }
  return undefined;
}

/** Calls the API as the test browser would: JSON, a cookie, a peer address. */
export const call = (t: AuthTestApp, method: string, path: string, opts: { body?: unknown; cookie?: string; ip?: string } = {}) =>
  t.app.request(`/api${path}`, ...req(method, { ...opts, body: opts.body ?? (method === 'GET' ? undefined : {}) }));

/**
 * Signs in with the password and enrols an authenticator app as the role requires; answers the
 * session cookie, the app's secret and the recovery codes.
 */
export async function enrolTotpAtSignIn(t: AuthTestApp, email: string, password: string, ip = '192.0.2.50') {
  const first = await call(t, 'POST', '/auth/login', { body: { email, password }, ip });
  const pending = pendingFromResponse(first)!;
  const { secret } = await (await call(t, 'POST', '/auth/enrol/totp', { cookie: pending, ip })).json();
  const done = await call(t, 'POST', '/auth/enrol', { cookie: pending, ip, body: { method: 'totp', code: totpCode(t, secret), label: 'Test phone' } });
  const body = await done.json();
  return { cookie: sessionFromResponse(done)!, secret: secret as string, recoveryCodes: body.recoveryCodes as string[], status: done.status };
}

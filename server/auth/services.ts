import type { BaseDeps } from '../deps.ts';
import { SessionStore } from './sessions.ts';
import { LoginThrottle } from './throttle.ts';
import { StaffDirectory } from './staff-directory.ts';
import { loadOrCreateAuthKey, type AuthKey } from './auth-key.ts';

/** What the auth services need: not the upstream clients (the staff CLI has none). */
export type AuthDeps = Pick<BaseDeps, 'config' | 'db' | 'clock' | 'audit'>;

export type AuthServices = { sessions: SessionStore; throttle: LoginThrottle; staff: StaffDirectory; key: AuthKey };

/** AuthDeps with the app's auth services built (server/services.ts). */
export type AuthedDeps = AuthDeps & { auth: AuthServices };

/**
 * The auth services of one app, built once (prepared statements are reused). They read
 * `deps.clock` on every call, so tests can move time by replacing the clock.
 */
export function createAuthServices(deps: AuthDeps): AuthServices {
  const now = () => deps.clock().getTime();
  const sessions = new SessionStore(deps.db, now);
  return { sessions, throttle: new LoginThrottle(deps.db, now), staff: new StaffDirectory(deps, sessions), key: loadOrCreateAuthKey(deps.config.authKeyPath) };
}

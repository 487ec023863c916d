import type { BaseDeps } from '../deps.ts';
import { SessionStore } from './sessions.ts';
import { LoginThrottle } from './throttle.ts';
import { StaffDirectory } from './staff-directory.ts';
import { loadOrCreateAuthKey, type AuthKey } from './auth-key.ts';
import { SecondFactors } from './second-factors.ts';
import { PendingSignIns } from './pending-sign-ins.ts';

/** What the auth services need: not the upstream clients (the staff CLI has none). */
export type AuthDeps = Pick<BaseDeps, 'config' | 'db' | 'clock' | 'audit'>;

export type AuthServices = {
  sessions: SessionStore;
  throttle: LoginThrottle;
  staff: StaffDirectory;
  key: AuthKey;
  factors: SecondFactors;
  pendingSignIns: PendingSignIns;
};

/** AuthDeps with the app's auth services built (server/services.ts). */
export type AuthedDeps = AuthDeps & { auth: AuthServices };

/**
 * The auth services of one app, built once (prepared statements are reused). They read
 * `deps.clock` on every call, so tests can move time by replacing the clock.
 */
export function createAuthServices(deps: AuthDeps): AuthServices {
  const now = () => deps.clock().getTime();
  const sessions = new SessionStore(deps.db, now);
  const throttle = new LoginThrottle(deps.db, now);
  const key = loadOrCreateAuthKey(deps.config.authKeyPath);
  const factors = new SecondFactors(deps, key);
  const pendingSignIns = new PendingSignIns(deps.db, now);
  return { sessions, throttle, staff: new StaffDirectory(deps, { sessions, throttle, key, factors, pendingSignIns }), key, factors, pendingSignIns };
}

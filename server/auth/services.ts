import type { BaseDeps } from '../deps.ts';
import type { Engine } from '../storage/engine.ts';
import { SessionStore } from './sessions.ts';
import { LoginThrottle } from './throttle.ts';
import { StaffDirectory } from './staff-directory.ts';
import { loadOrCreateAuthKey, type AuthKey } from './auth-key.ts';
import { SecondFactors } from './second-factors.ts';
import { PendingSignIns } from './pending-sign-ins.ts';
import { createAuthStore } from './store/index.ts';

/**
 * What the auth services need: not the upstream clients (the staff CLI has none). Entries written
 * outside a store's transaction go through `append`, which either engine's audit log has.
 */
export type AuthDeps = Pick<BaseDeps, 'config' | 'engine' | 'clock'> & { audit: Pick<BaseDeps['audit'] | Engine['audit'], 'append'> };

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
 * The auth services of one app, built once on one store (prepared statements are reused). They read
 * `deps.clock` on every call, so tests can move time by replacing the clock.
 */
export function createAuthServices(deps: AuthDeps): AuthServices {
  const now = () => deps.clock().getTime();
  const store = createAuthStore(deps.engine);
  const sessions = new SessionStore(store, now);
  const throttle = new LoginThrottle(store, now);
  const key = loadOrCreateAuthKey(deps.config.authKeyPath);
  const factors = new SecondFactors(deps, store, key);
  const pendingSignIns = new PendingSignIns(store, now);
  return { sessions, throttle, staff: new StaffDirectory(deps, store, { sessions, throttle, key, factors }), key, factors, pendingSignIns };
}

import type { BaseDeps, Deps, Services } from './deps.ts';
import { createAuthServices } from './auth/services.ts';
import { createCustomersService } from './customers/service.ts';
import { createPlansService } from './plans/index.ts';
import { DailyStats } from './audit/stats.ts';
import { createAuditStore } from './audit/store/index.ts';
import { createNotesStore } from './notes/store/index.ts';
import { createConnectSessionsStore } from './gigs/store/index.ts';
import { createIdempotencyStore } from './http/idempotency-store/index.ts';

/**
 * The one wiring of an app's services: the bootstrap and the tests both build Deps here. The
 * services read time through the returned object's `clock`, so replacing `deps.clock` (as a test
 * moving time does) moves them too.
 */
export function withServices(base: BaseDeps): Deps {
  const deps = { ...base } as Deps;
  const wired = { ...base, clock: () => deps.clock() };
  const auditStore = createAuditStore(base.engine);
  const customers = createCustomersService(wired);
  const services: Services = {
    auth: createAuthServices(deps),
    customers,
    plans: createPlansService(wired, customers.index, auditStore),
    auditStore,
    auditStats: new DailyStats(auditStore),
    notes: createNotesStore(base.engine),
    connectSessions: createConnectSessionsStore(base.engine),
    idempotency: createIdempotencyStore(base.engine),
  };
  return Object.assign(deps, services);
}

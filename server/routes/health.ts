import { Hono } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { publicRoute } from '../http/access.ts';

/**
 * Unauthenticated liveness: whether each upstream and the database answer, and whether this
 * instance does the background work (it holds the lease: server/background.ts). No data.
 */
export const healthRoutes = new Hono<AppEnv>()
  .get('/health', publicRoute, async (c) => {
    const deps = c.get('deps');
    const health = await deps.health.check();
    return c.json({ ...health, background: { held: deps.backgroundLease.holds() } }, health.ok ? 200 : 503);
  })
  /**
   * For a load balancer in front of several instances: 200 while this instance can serve staff (it
   * has started and its database answers), whatever the upstreams do. An upstream outage is every
   * instance's, and taking them all out for it would take the audit log and search down with it.
   * Asks no upstream, so probing it often costs the merchant's rate limits nothing.
   */
  .get('/health/instance', publicRoute, async (c) => {
    const deps = c.get('deps');
    const db = await deps.health.instance();
    return c.json({ ok: db.ok, db, background: { held: deps.backgroundLease.holds() } }, db.ok ? 200 : 503);
  });

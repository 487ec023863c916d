import { Hono } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { publicRoute } from '../http/access.ts';

/**
 * Unauthenticated liveness: whether each upstream and the database answer, and whether this
 * instance does the background work (it holds the lease: server/background.ts). No data.
 */
export const healthRoutes = new Hono<AppEnv>().get('/health', publicRoute, async (c) => {
  const deps = c.get('deps');
  const health = await deps.health.check();
  return c.json({ ...health, background: { held: deps.backgroundLease.holds() } }, health.ok ? 200 : 503);
});

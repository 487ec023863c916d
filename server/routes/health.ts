import { Hono } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { publicRoute } from '../http/access.ts';

/** Unauthenticated liveness: whether each upstream and the database answer. No data. */
export const healthRoutes = new Hono<AppEnv>().get('/health', publicRoute, async (c) => {
  const health = await c.get('deps').health.check();
  return c.json(health, health.ok ? 200 : 503);
});

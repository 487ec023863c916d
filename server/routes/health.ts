import { Hono } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { publicRoute } from '../http/access.ts';
import { checkHealth } from '../status/health.ts';

/** Unauthenticated liveness: whether each upstream and the database answer. No data. */
export const healthRoutes = new Hono<AppEnv>().get('/health', publicRoute, async (c) => {
  const health = await checkHealth(c.get('deps'));
  return c.json(health, health.ok ? 200 : 503);
});

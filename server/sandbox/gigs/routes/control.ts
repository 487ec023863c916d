import { Hono } from 'hono';
import { z } from 'zod';
import type { FaultInjector } from '../../faults.ts';
import { readJson } from '../context.ts';
import { parseBody } from '../validation.ts';

const faultSchema = z.strictObject({
  kind: z.enum(['latency', 'timeout', 'error500', 'rateLimit', 'malformed', 'drop']),
  method: z
    .string()
    .regex(/^[A-Za-z]+$/)
    .optional(),
  pathPrefix: z.string().startsWith('/').optional(),
  times: z.number().int().min(1).optional(),
  ms: z.number().int().min(0).max(600_000).optional(),
  retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
});

/**
 * Test controls, not part of Gigs: switch faults on and off, read mutation counts and 429s sent. Fault path
 * prefixes are written below the emulator's mount, e.g. `/projects/subdesk-sandbox/plans`.
 */
export function controlRoutes(faults: FaultInjector, stats: () => Record<string, number>) {
  const app = new Hono();
  app.post('/_sandbox/faults', async (c) => {
    faults.add(parseBody(faultSchema, await readJson(c)));
    return c.json({ faults: faults.list() }, 201);
  });
  app.get('/_sandbox/faults', (c) => c.json({ faults: faults.list() }));
  app.delete('/_sandbox/faults', (c) => {
    faults.clear();
    faults.releaseAll();
    return c.json({ faults: [] });
  });
  app.get('/_sandbox/stats', (c) => c.json(stats()));
  return app;
}

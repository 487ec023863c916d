import { Hono } from 'hono';
import { z } from 'zod';
import type { FaultInjector } from '../faults.ts';
import { notFound, parseInput, readBody } from './input.ts';
import type { CentraStore } from './store.ts';

const faultBody = z.strictObject({
  kind: z.enum(['latency', 'timeout', 'error500', 'rateLimit', 'malformed', 'drop']),
  method: z.string().optional(),
  /** Relative to /sandbox/centra, e.g. `/api/shop/subscription/status`. */
  pathPrefix: z.string().startsWith('/').optional(),
  times: z.number().int().min(1).optional(),
  ms: z.number().int().min(0).max(600_000).optional(),
  retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
});

const integrationBody = z.strictObject({ mode: z.enum(['full', 'without-contracts', 'without-permission', 'without-events', 'without-event-permission']) });
/** What someone changing a customer in Centra's back office may change (the sandbox's stand-in for it). */
const customerChange = z.strictObject({
  firstName: z.string().max(100).optional(),
  lastName: z.string().max(100).optional(),
  email: z.email().optional(),
  phoneNumber: z.string().max(40).optional(),
});

/**
 * Test controls, never faulted themselves: switch faults on and off, read what was applied, and
 * set how the Integration API behaves (documented, without the contract listing, token refused).
 */
export function controlRoutes(
  faults: FaultInjector,
  stats: () => Record<string, number>,
  setIntegration: (mode: z.infer<typeof integrationBody>['mode']) => void,
  store: () => CentraStore,
) {
  const app = new Hono();
  app.post('/faults', async (c) => {
    faults.add(parseInput(faultBody, await readBody(c)));
    return c.json({ faults: faults.list() }, 201);
  });
  app.get('/faults', (c) => c.json({ faults: faults.list() }));
  app.delete('/faults', (c) => {
    faults.clear();
    return c.json({ faults: [] });
  });
  app.get('/stats', (c) => c.json({ stats: stats() }));
  // A change made in Centra itself (its back office, the shop): what the change feeds must bring in.
  app.patch('/customers/:id', async (c) => {
    const change = parseInput(customerChange, await readBody(c));
    const updated = store().changeCustomer(Number(c.req.param('id')), change, new Date());
    if (!updated) throw notFound('customer');
    return c.json({ customer: updated });
  });
  app.put('/integration', async (c) => {
    const { mode } = parseInput(integrationBody, await readBody(c));
    setIntegration(mode);
    return c.json({ mode });
  });
  return app;
}

import { Hono } from 'hono';
import type { AppEnv } from '../http/context.ts';

/**
 * POST /webhooks/gigs: Gigs' signed event deliveries (Standard Webhooks). Public: no staff session
 * and no origin check, the signature is the check. Mounted outside /api. A verified delivery is
 * stored durably in the inbox and answered 204 at once (applying it comes after, from the inbox);
 * a second delivery of the same webhook-id is answered 204 too and changes nothing. A bad, missing
 * or stale signature: 401, nothing stored, and only a counter moves (no log line or audit entry
 * per refusal: anyone can send them). Webhooks off (no GIGS_WEBHOOK_SECRET): 404. A body past the
 * app's one limit (server/http/body-limit.ts, far more than any event) is refused before it is read.
 */
export const webhookRoutes = new Hono<AppEnv>().post('/webhooks/gigs', async (c) => {
  const { feeds } = c.get('deps');
  if (!feeds.gigs) return c.json({ message: 'Gigs webhooks are off: set GIGS_WEBHOOK_SECRET to receive them.', errors: {} }, 404);
  const body = await c.req.text();
  const verified = feeds.gigs.verify(body, {
    'webhook-id': c.req.header('webhook-id'),
    'webhook-timestamp': c.req.header('webhook-timestamp'),
    'webhook-signature': c.req.header('webhook-signature'),
  });
  if (!verified.ok) {
    feeds.refusals.note('gigs');
    return c.json(
      {
        message: `The delivery was refused: ${verified.reason}.`,
        errors: { 'webhook-signature': "does not match this endpoint's secret, is missing, or is too old" },
      },
      401,
    );
  }
  await feeds.inbox.accept(verified.delivery);
  return c.body(null, 204);
});

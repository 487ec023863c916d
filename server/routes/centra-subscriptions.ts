import { Hono } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { allow } from '../http/access.ts';
import { auditContext, recordCustomerView } from '../http/audit-context.ts';
import { validate } from '../http/validate.ts';
import { INTERVAL_LABELS, intervalBody, numericId, QUANTITY_LABELS, quantityBody, STATUS_LABELS, statusBody } from '../centra/schemas.ts';
import { locateSubscription } from '../centra/owner.ts';
import { subscriptionView } from '../centra/view.ts';
import { changeInterval, changeQuantity, changeStatus } from '../centra/actions.ts';

const VERB: Record<string, string> = { active: 'resumed', paused: 'paused', cancelled: 'cancelled' };

/**
 * One Centra subscription (by Centra's id) with its rule previews, and its three changes:
 * interval (a plan offering the item now), status (the transitions that exist, with a reason),
 * quantity. Support and admin only; every change goes through the audit helper.
 */
export const centraSubscriptionsRoutes = new Hono<AppEnv>()
  .get('/centra-subscriptions/:id', allow('centra-subscriptions', 'show'), validate('param', numericId), async (c) => {
    const { id } = c.req.valid('param');
    const deps = c.get('deps');
    const [located, products] = await Promise.all([locateSubscription(deps, id), deps.centra.listProducts()]);
    await recordCustomerView(c, { target: { type: 'centra-subscription', id: String(id) }, customerId: located.customerId });
    return c.json(subscriptionView(located, products, deps.clock()));
  })
  .post(
    '/centra-subscriptions/:id/interval',
    allow('centra-subscriptions', 'edit'),
    validate('param', numericId),
    validate('json', intervalBody, INTERVAL_LABELS),
    async (c) => {
      const { id } = c.req.valid('param');
      const sub = await changeInterval(auditContext(c), c.get('deps'), id, c.req.valid('json').planId);
      const name = sub.plan?.name ?? `plan ${sub.plan?.id ?? '?'}`;
      return c.json({ ...sub, message: `Subscription ${id} moved to ${name}; the new interval applies after the next scheduled order.` });
    },
  )
  .post(
    '/centra-subscriptions/:id/status',
    allow('centra-subscriptions', 'edit'),
    validate('param', numericId),
    validate('json', statusBody, STATUS_LABELS),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const sub = await changeStatus(auditContext(c), c.get('deps'), id, body);
      return c.json({ ...sub, message: `Subscription ${id} ${VERB[body.status]}.` });
    },
  )
  .post(
    '/centra-subscriptions/:id/quantity',
    allow('centra-subscriptions', 'edit'),
    validate('param', numericId),
    validate('json', quantityBody, QUANTITY_LABELS),
    async (c) => {
      const { id } = c.req.valid('param');
      const sub = await changeQuantity(auditContext(c), c.get('deps'), id, c.req.valid('json').quantity);
      return c.json({ ...sub, message: `Subscription ${id} now has quantity ${sub.quantity}.` });
    },
  );

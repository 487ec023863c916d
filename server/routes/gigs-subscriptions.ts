import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context.ts';
import { allow } from '../http/access.ts';
import { recordCustomerView } from '../http/audit-context.ts';
import { validate } from '../http/validate.ts';
import { listQuery, sendPage } from '../http/list-query.ts';
import { readCustomerGigs } from '../gigs/customer-gigs.ts';
import { withOffers } from '../gigs/subscriptions.ts';

const subscriptionFilter = z.strictObject({
  // Required: the list answers one customer's subscriptions live from Gigs, never a crawl of all.
  customerId: z.string({ error: 'is required: name the customer' }).regex(/^cus_[a-z2-7]{20}$/, 'is not a customer id'),
  status: z.union([z.string().max(40), z.array(z.string().max(40)).max(10)]).optional(),
  planId: z.string().max(80).optional(),
});
const listSchema = listQuery({
  sortable: ['id', 'createdAt', 'status', 'phoneNumber', 'endedAt'] as const,
  filter: subscriptionFilter,
  defaultSort: ['createdAt', 'DESC'],
}).refine((q) => Boolean((q.filter as { customerId?: string }).customerId), {
  message: 'name the customer: filter {"customerId": "cus_…"}',
  path: ['filter', 'customerId'],
});
const idParam = z.object({ id: z.string().regex(/^sub_[A-Za-z0-9]{1,60}$/, 'is not a Gigs subscription id') });

/**
 * Gigs subscriptions, live, each with the Connect actions it offers now: support and admin.
 * Reading them is reading a customer's details, so it is recorded as `customer.view`.
 */
export const gigsSubscriptionsRoutes = new Hono<AppEnv>()
  .get('/gigs-subscriptions', allow('gigs-subscriptions', 'list'), validate('query', listSchema), async (c) => {
    const q = c.req.valid('query');
    const deps = c.get('deps');
    const { customerId, status, planId } = q.filter;
    const customer = await readCustomerGigs(deps, customerId);
    const statuses = status === undefined ? undefined : Array.isArray(status) ? status : [status];
    const subs = customer.subscriptions.filter((s) => (!statuses || statuses.includes(s.status)) && (!planId || s.plan?.id === planId));
    const dir = q.sort.order === 'ASC' ? 1 : -1;
    subs.sort((a, b) => String(a[q.sort.field] ?? '').localeCompare(String(b[q.sort.field] ?? '')) * dir);
    const page = subs.slice(q.start, q.start + q.limit);
    await recordCustomerView(c, { target: { type: 'customer', id: customerId }, customerId, request: { resource: 'gigs-subscriptions' } });
    return sendPage(c, 'gigs-subscriptions', q.start, await withOffers(deps, page, customerId), subs.length);
  })
  .get('/gigs-subscriptions/:id', allow('gigs-subscriptions', 'show'), validate('param', idParam), async (c) => {
    const deps = c.get('deps');
    const sub = await deps.gigs.getSubscription(c.req.valid('param').id);
    const customerId = sub.user?.id ? await deps.customers.lookup.customerIdForGigsUser(sub.user.id) : null;
    await recordCustomerView(c, { target: { type: 'gigs-subscription', id: sub.id }, customerId, request: { resource: 'gigs-subscriptions' } });
    const [one] = await withOffers(deps, [sub], customerId);
    return c.json(one);
  });

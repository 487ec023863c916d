import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context.ts';
import { allow } from '../http/access.ts';
import { validate } from '../http/validate.ts';
import { listQuery, sendPage } from '../http/list-query.ts';
import { timelinePage } from '../timeline/query.ts';

const listSchema = listQuery({
  sortable: ['time', 'id'] as const,
  filter: z.strictObject({ customerId: z.string({ error: "is required: a timeline is one customer's" }).regex(/^cus_[a-z2-7]{20}$/, 'is not a customer id') }),
  defaultSort: ['time', 'DESC'],
}).refine((q) => Boolean((q.filter as { customerId?: string }).customerId), {
  message: 'name the customer: filter {"customerId": "cus_…"}',
  path: ['filter', 'customerId'],
});

/**
 * A customer's history as the support timeline (server/timeline/): each action one line with its
 * outcome, views folded, paged here. Support and admin, as the customer page; auditors read the
 * entries themselves in the audit log.
 */
export const customerTimelineRoutes = new Hono<AppEnv>().get(
  '/customer-timeline',
  allow('customer-timeline', 'list'),
  validate('query', listSchema),
  async (c) => {
    const q = c.req.valid('query');
    const { rows, total } = await timelinePage(c.get('deps').customers.timeline, q.filter.customerId, q.sort, q.start, q.limit);
    return sendPage(c, 'customer-timeline', q.start, rows, total);
  },
);

import { Hono } from 'hono';
import type { GigsCtx } from '../context.ts';
import { notFound } from '../errors.ts';
import { parseListQuery, rejectQuery } from '../list-query.ts';
import type { Condition } from '../paging.ts';
import { Embedder } from '../present.ts';
import { jsonBytes } from '../../json-bytes.ts';
import { listPage, SUBSCRIPTION_ITEM_SQL } from '../list-json.ts';

export const SUBSCRIPTION_STATUSES = ['pending', 'initiated', 'active', 'ended'] as const;

export function subscriptionsRoutes(ctx: GigsCtx) {
  const app = new Hono();

  /** Filters user, status and plan (the dashboard's; EX uses user+status); none lists all, paged. */
  app.get('/subscriptions', (c) => {
    const { page, filters } = parseListQuery(c, { user: {}, status: { values: SUBSCRIPTION_STATUSES }, plan: {} });
    const where: Condition[] = [];
    if (filters.user) where.push({ clause: 'user_id = ?', value: filters.user });
    if (filters.plan) where.push({ clause: 'plan_id = ?', value: filters.plan });
    if (filters.status) where.push({ clause: 'status = ?', value: filters.status });
    return jsonBytes(c, listPage(ctx.store.pager, 'gigs_subscriptions', where, page, SUBSCRIPTION_ITEM_SQL));
  });

  app.get('/subscriptions/:id', (c) => {
    rejectQuery(c);
    const row = ctx.store.subscription(c.req.param('id'));
    if (!row) throw notFound('subscription', c.req.param('id'));
    return c.json(new Embedder(ctx.store).subscription(row));
  });

  return app;
}

import { Hono } from 'hono';
import type { GigsCtx } from '../context.ts';
import { notFound } from '../errors.ts';
import { parseListQuery, rejectQuery } from '../list-query.ts';
import type { Condition } from '../paging.ts';
import { Embedder, listEnvelope } from '../present.ts';

export function subscriptionAddonsRoutes(ctx: GigsCtx) {
  const app = new Hono();

  /** Gigs' docs name the `addon` filter; `subscription` and `user` are the emulator's assumption. */
  app.get('/subscriptionAddons', (c) => {
    const { page, filters } = parseListQuery(c, { subscription: {}, user: {}, addon: {} });
    const where: Condition[] = [];
    if (filters.subscription) where.push({ clause: 'subscription_id = ?', value: filters.subscription });
    if (filters.user) where.push({ clause: 'user_id = ?', value: filters.user });
    if (filters.addon) where.push({ clause: 'addon_id = ?', value: filters.addon });
    const res = ctx.store.pager.page('gigs_subscription_addons', where, page, 'addon_id AS addonId');
    const embed = new Embedder(ctx.store);
    return c.json(
      listEnvelope(
        res.rows.map((r) => embed.subscriptionAddon(JSON.parse(r.doc), r.addonId as string)),
        res.moreItemsAfter,
        res.moreItemsBefore,
      ),
    );
  });

  app.get('/subscriptionAddons/:id', (c) => {
    rejectQuery(c);
    const row = ctx.store.subscriptionAddon(c.req.param('id'));
    if (!row) throw notFound('subscriptionAddon', c.req.param('id'));
    return c.json(new Embedder(ctx.store).subscriptionAddon(row.doc, row.addonId));
  });

  return app;
}

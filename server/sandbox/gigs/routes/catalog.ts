import { Hono } from 'hono';
import type { GigsCtx } from '../context.ts';
import { notFound } from '../errors.ts';
import { parseListQuery, rejectQuery } from '../list-query.ts';
import type { Condition } from '../paging.ts';
import { listEnvelope } from '../present.ts';

export const ADDON_STATUSES = ['draft', 'available', 'archived'] as const;
/** Gigs' provider codes: p1…p9 and `test` (Gigs' SIM reference and example app). */
export const PROVIDER = /^(p[1-9]|test)$/;

export function catalogRoutes(ctx: GigsCtx) {
  const app = new Hono();

  app.get('/plans', (c) => {
    const { page } = parseListQuery(c, {});
    const res = ctx.store.pager.page('gigs_plans', [], page);
    return c.json(
      listEnvelope(
        res.rows.map((r) => JSON.parse(r.doc)),
        res.moreItemsAfter,
        res.moreItemsBefore,
      ),
    );
  });

  app.get('/plans/:id', (c) => {
    rejectQuery(c);
    const plan = ctx.store.plan(c.req.param('id'));
    if (!plan) throw notFound('plan', c.req.param('id'));
    return c.json(plan);
  });

  /** EX: GET /addons?status=available&provider=p5; `plan` narrows to add-ons that work with it. */
  app.get('/addons', (c) => {
    const { page, filters } = parseListQuery(c, { status: { values: ADDON_STATUSES }, provider: { pattern: PROVIDER }, plan: {} });
    const where: Condition[] = [];
    if (filters.status) where.push({ clause: 'status = ?', value: filters.status });
    if (filters.provider) where.push({ clause: 'provider = ?', value: filters.provider });
    // The add-on table is a small catalogue: a JSON probe per row is cheap.
    if (filters.plan) where.push({ clause: "EXISTS (SELECT 1 FROM json_each(gigs_addons.doc, '$.plans') WHERE value = ?)", value: filters.plan });
    const res = ctx.store.pager.page('gigs_addons', where, page);
    return c.json(
      listEnvelope(
        res.rows.map((r) => JSON.parse(r.doc)),
        res.moreItemsAfter,
        res.moreItemsBefore,
      ),
    );
  });

  app.get('/addons/:id', (c) => {
    rejectQuery(c);
    const addon = ctx.store.addon(c.req.param('id'));
    if (!addon) throw notFound('addon', c.req.param('id'));
    return c.json(addon);
  });

  return app;
}

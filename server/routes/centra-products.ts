import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context.ts';
import { allow } from '../http/access.ts';
import { notFound } from '../http/errors.ts';
import { validate } from '../http/validate.ts';
import { listQuery, sendPage } from '../http/list-query.ts';
import type { CentraProduct } from '../upstream/centra.ts';

const listSchema = listQuery({
  sortable: ['id', 'name'] as const,
  filter: z.strictObject({
    q: z.string().max(200).optional(),
    /** Products holding this item (e.g. "1-2"). */
    item: z.string().max(64).optional(),
    /** Products in this plan. */
    planId: z.string().max(32).optional(),
    id: z.union([z.string().max(32), z.array(z.string().max(32)).max(500)]).optional(),
  }),
  defaultSort: ['id', 'ASC'],
});

const row = (p: CentraProduct) => ({ id: p.product, ...p });
const byId = (a: string, b: string) => Number(a) - Number(b) || a.localeCompare(b);

/**
 * Centra's products with their subscription plans, read live (no personal data): for the
 * merchandisers' plan pages and the support dialogs. Centra pages by offset only; the catalogue is
 * read whole and filtered here.
 */
export const centraProductsRoutes = new Hono<AppEnv>()
  .get('/centra-products', allow('centra-products', 'list'), validate('query', listSchema), async (c) => {
    const q = c.req.valid('query');
    const f = q.filter;
    const ids = f.id === undefined ? null : new Set(Array.isArray(f.id) ? f.id : [f.id]);
    const needle = f.q?.trim().toLowerCase();
    const rows = (await c.get('deps').centra.listProducts())
      .filter(
        (p) =>
          (!ids || ids.has(p.product)) &&
          (!needle || p.name.toLowerCase().includes(needle) || p.product === needle) &&
          (!f.item || p.items.some((i) => i.item === f.item)) &&
          (!f.planId || p.subscriptionPlans.some((pl) => pl.id === f.planId)),
      )
      .map(row)
      .sort((a, b) => (q.sort.order === 'ASC' ? 1 : -1) * (q.sort.field === 'name' ? a.name.localeCompare(b.name) : byId(a.id, b.id)));
    return sendPage(c, 'centra-products', q.start, rows.slice(q.start, q.start + q.limit), rows.length);
  })
  .get('/centra-products/:id', allow('centra-products', 'show'), validate('param', z.object({ id: z.string().max(32) })), async (c) => {
    const { id } = c.req.valid('param');
    const p = (await c.get('deps').centra.listProducts()).find((x) => x.product === id);
    if (!p) throw notFound('That product');
    return c.json(row(p));
  });

import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context.ts';
import { allow } from '../http/access.ts';
import { validate } from '../http/validate.ts';
import { listQuery, sendPage } from '../http/list-query.ts';
import { matchesCommon, sortAndPage } from '../gigs/catalogue.ts';

const ids = z.union([z.string().max(80), z.array(z.string().max(80)).max(500)]);
const planFilter = z.strictObject({
  id: ids.optional(),
  status: z.union([z.string().max(40), z.array(z.string().max(40)).max(10)]).optional(),
  provider: z.string().max(40).optional(),
  q: z.string().max(200).optional(),
  /** The customer's countries (ISO 3166-1 alpha-2): plans whose coverage names none of them are left out. */
  country: z
    .union([
      z.string().regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code'),
      z.array(z.string().regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code')).max(20),
    ])
    .optional(),
});
const listSchema = listQuery({
  sortable: ['id', 'name', 'price', 'createdAt', 'status', 'provider'] as const,
  filter: planFilter,
  defaultSort: ['name', 'ASC'],
});
const idParam = z.object({ id: z.string().regex(/^pln_[A-Za-z0-9]{1,60}$/, 'is not a Gigs plan id') });

/** Gigs plans, read-only and live (the catalogue holds no personal data): support, merchandisers, admins. */
export const gigsPlansRoutes = new Hono<AppEnv>()
  .get('/gigs-plans', allow('gigs-plans', 'list'), validate('query', listSchema), async (c) => {
    const q = c.req.valid('query');
    const plans = (await c.get('deps').gigs.listPlans()).filter((p) => matchesCommon(p, q.filter));
    const { rows, total } = sortAndPage(plans, q.sort, q.start, q.limit);
    return sendPage(c, 'gigs-plans', q.start, rows, total);
  })
  .get('/gigs-plans/:id', allow('gigs-plans', 'show'), validate('param', idParam), async (c) => {
    return c.json(await c.get('deps').gigs.getPlan(c.req.valid('param').id));
  });

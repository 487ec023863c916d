import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context.ts';
import { allow } from '../http/access.ts';
import { validate } from '../http/validate.ts';
import { listQuery, sendPage } from '../http/list-query.ts';
import { matchesCommon, sortAndPage } from '../gigs/catalogue.ts';
import { addonsAvailableFor } from '../gigs/offered.ts';

const ids = z.union([z.string().max(80), z.array(z.string().max(80)).max(500)]);
const addonFilter = z.strictObject({
  id: ids.optional(),
  status: z.union([z.string().max(40), z.array(z.string().max(40)).max(10)]).optional(),
  provider: z.string().max(40).optional(),
  q: z.string().max(200).optional(),
  /** Add-ons made for this plan (any status unless `status` says). */
  planId: z
    .string()
    .regex(/^pln_[A-Za-z0-9]{1,60}$/, 'is not a Gigs plan id')
    .optional(),
  /** Only the add-ons this subscription can buy now: available, its plan's, on its network. */
  subscriptionId: z
    .string()
    .regex(/^sub_[A-Za-z0-9]{1,60}$/, 'is not a Gigs subscription id')
    .optional(),
});
const listSchema = listQuery({
  sortable: ['id', 'name', 'price', 'createdAt', 'status', 'provider'] as const,
  filter: addonFilter,
  defaultSort: ['price', 'ASC'],
});
const idParam = z.object({ id: z.string().regex(/^add_[A-Za-z0-9]{1,60}$/, 'is not a Gigs add-on id') });

/** Gigs add-ons, read-only and live: support (the add-on chooser), merchandisers, admins. */
export const gigsAddonsRoutes = new Hono<AppEnv>()
  .get('/gigs-addons', allow('gigs-addons', 'list'), validate('query', listSchema), async (c) => {
    const q = c.req.valid('query');
    const { gigs } = c.get('deps');
    let addons = await gigs.listAddons();
    if (q.filter.subscriptionId) {
      // The subscription's plan decides; nothing about its owner leaves this handler.
      const sub = await gigs.getSubscription(q.filter.subscriptionId);
      addons = addonsAvailableFor(sub.plan, addons);
    }
    if (q.filter.planId) addons = addons.filter((a) => a.plans.includes(q.filter.planId!));
    const { rows, total } = sortAndPage(
      addons.filter((a) => matchesCommon(a, q.filter)),
      q.sort,
      q.start,
      q.limit,
    );
    return sendPage(c, 'gigs-addons', q.start, rows, total);
  })
  .get('/gigs-addons/:id', allow('gigs-addons', 'show'), validate('param', idParam), async (c) => {
    return c.json(await c.get('deps').gigs.getAddon(c.req.valid('param').id));
  });

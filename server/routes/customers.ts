import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context.ts';
import { allow } from '../http/access.ts';
import { auditContext, recordCustomerView } from '../http/audit-context.ts';
import { notFound } from '../http/errors.ts';
import { validate } from '../http/validate.ts';
import { listQuery, sendPage } from '../http/list-query.ts';
import { noteCustomerSearch } from '../audit/customer-search.ts';
import { customerPage } from '../customers/live/page.ts';

const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

const customerFilter = z
  .object({
    q: z.string().max(200).optional(),
    system: z.enum(['gigs', 'centra', 'both']).optional(),
    hasActive: bool.optional(),
    country: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code')
      .optional(),
    id: z.union([z.string().max(64), z.array(z.string().max(64)).max(500)]).optional(),
  })
  .strict();

/** The list's query string (ra-data-simple-rest's contract), also served by bench/search-pg.ts's route. */
export const customerListQuery = listQuery({ sortable: ['id', 'name', 'email'] as const, filter: customerFilter, defaultSort: ['name', 'ASC'] });
const idParam = z.object({ id: z.string().regex(/^cus_[a-z2-7]{20}$/, 'is not a customer id') });

/**
 * Customers: search over the local index (list), and one person's live page (both upstreams
 * read in parallel, each allowed to fail alone). Only support and admin.
 */
export const customersRoutes = new Hono<AppEnv>()
  .get('/customers', allow('customers', 'list'), validate('query', customerListQuery), async (c) => {
    const q = c.req.valid('query');
    const { search } = c.get('deps').customers;
    const result = await search.list({ filter: q.filter, sort: q.sort, start: q.start, limit: q.limit });
    noteCustomerSearch(c.get('deps'), auditContext(c), { filter: q.filter, sort: q.sort, start: q.start, rows: result.rows.length, total: result.total });
    // The total is capped (see SEARCH_CAP): this header says "at least", for scripts and the SPA.
    if (result.capped) c.header('X-Total-Capped', 'true');
    return sendPage(c, 'customers', q.start, result.rows, result.total);
  })
  .get('/customers/:id', allow('customers', 'show'), validate('param', idParam), async (c) => {
    const { id } = c.req.valid('param');
    const page = await customerPage(c.get('deps'), id);
    if (!page) throw notFound('That customer');
    await recordCustomerView(c, { target: { type: 'customer', id }, customerId: id });
    return c.json(page);
  });

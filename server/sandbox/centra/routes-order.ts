import { Hono } from 'hono';
import { z } from 'zod';
import { parseTime, sqlTime } from './dates.ts';
import { notFound, parseInput } from './input.ts';
import type { CentraStore } from './store.ts';
import { jsonBytes, NOTHING, wrapJson } from '../json-bytes.ts';

export const MAX_PAGE = 1000;

export const pageNumber = (min: number, max: number, what: string) =>
  z
    .string()
    .regex(/^\d+$/, `${what} must be a whole number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${what} must be between ${min} and ${max}`);

const customersQuery = z.strictObject({
  limit: pageNumber(1, MAX_PAGE, 'limit').optional(),
  offset: pageNumber(0, Number.MAX_SAFE_INTEGER, 'offset').optional(),
  /** "Modified since", inclusive. */
  modified: z
    .string()
    .transform((v, ctx) => {
      const d = parseTime(v);
      if (!d) ctx.addIssue({ code: 'custom', message: 'must be a date, Y-m-d H:i:s' });
      return d ? sqlTime(d) : '';
    })
    .optional(),
  email: z.string().min(1).optional(),
});

/** Centra's Order API, for customers: listing with offset paging, "modified since", look-up by e-mail, one by id. */
export function orderRoutes(store: () => CentraStore) {
  const app = new Hono();

  app.get('/customers', (c) => {
    const q = parseInput(customersQuery, c.req.query());
    if (q.email !== undefined) {
      const found = store().customerByEmail(q.email);
      const match = found && (!q.modified || found.modified >= q.modified) && !q.offset ? store().customerJson(found.id) : undefined;
      return jsonBytes(c, wrapJson('{"status":"ok","customers":[', match ?? NOTHING, ']}'));
    }
    const page = store().customersJson({ limit: q.limit ?? 100, offset: q.offset ?? 0, modifiedSince: q.modified });
    return jsonBytes(c, wrapJson('{"status":"ok","customers":', page, '}'));
  });

  app.get('/customers/:customerId', (c) => {
    const id = c.req.param('customerId');
    const customer = /^\d{1,15}$/.test(id) ? store().customerJson(Number(id)) : undefined;
    if (!customer) throw notFound('customer');
    return jsonBytes(c, wrapJson('{"status":"ok","customer":', customer, '}'));
  });

  return app;
}

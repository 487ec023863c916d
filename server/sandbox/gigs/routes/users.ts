import { Hono } from 'hono';
import { z } from 'zod';
import type { GigsCtx } from '../context.ts';
import { readJson } from '../context.ts';
import { notFound } from '../errors.ts';
import { parseListQuery, rejectQuery } from '../list-query.ts';
import { listEnvelope } from '../present.ts';
import { jsonBytes } from '../../json-bytes.ts';
import { listPage } from '../list-json.ts';
import { parseBody } from '../validation.ts';

const searchBody = z.strictObject({ email: z.string().trim().min(1, 'must not be empty') });

export function usersRoutes(ctx: GigsCtx) {
  const app = new Hono();

  app.get('/users', (c) => {
    const { page } = parseListQuery(c, {});
    return jsonBytes(c, listPage(ctx.store.pager, 'gigs_users', [], page));
  });

  /** EX: POST /users/search {email} answers the list envelope; e-mails match case-insensitively. */
  app.post('/users/search', async (c) => {
    rejectQuery(c);
    const { email } = parseBody(searchBody, await readJson(c));
    return c.json(listEnvelope(ctx.store.usersByEmail(email), null, null));
  });

  /** DOCS core/user-addresses: the user's addresses, newest first (cursor paged like every list). */
  app.get('/users/:id/addresses', (c) => {
    const { page } = parseListQuery(c, {});
    const user = ctx.store.user(c.req.param('id'));
    if (!user) throw notFound('user', c.req.param('id'));
    const res = ctx.store.pager.page('gigs_user_addresses', [{ clause: 'user_id = ?', value: user.id }], page);
    return c.json(
      listEnvelope(
        res.rows.map((r) => JSON.parse(r.doc)),
        res.moreItemsAfter,
        res.moreItemsBefore,
      ),
    );
  });

  app.get('/users/:id/addresses/:address', (c) => {
    rejectQuery(c);
    const address = ctx.store.address(c.req.param('id'), c.req.param('address'));
    if (!address) throw notFound('userAddress', c.req.param('address'));
    return c.json(address);
  });

  app.get('/users/:id', (c) => {
    rejectQuery(c);
    const user = ctx.store.user(c.req.param('id'));
    if (!user) throw notFound('user', c.req.param('id'));
    return c.json(user);
  });

  return app;
}

import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context.ts';
import { allow } from '../http/access.ts';
import { auditContext } from '../http/audit-context.ts';
import { notFound } from '../http/errors.ts';
import { validate } from '../http/validate.ts';
import { listQuery, sendPage } from '../http/list-query.ts';
import { createSessionBody, INTENT_TYPES } from '../gigs/intents.ts';
import { retryKey } from '../http/idempotency.ts';
import { randomUUID } from 'node:crypto';
import { createSessionForCustomer } from '../gigs/create-session.ts';
import { OUTCOMES, present } from '../gigs/connect-sessions.ts';
import { revokeLink } from '../gigs/revoke.ts';
import { liveProgress } from '../gigs/progress.ts';

const oneOrMany = <T extends z.ZodType>(t: T) => z.union([t, z.array(t).max(20)]);
const sessionFilter = z.strictObject({
  id: z.union([z.string().max(80), z.array(z.string().max(80)).max(500)]).optional(),
  /** The agent who made the link (their e-mail). */
  staffEmail: z.string().max(254).optional(),
  customerId: z
    .string()
    .regex(/^cus_[a-z2-7]{20}$/, 'is not a customer id')
    .optional(),
  subscriptionId: z
    .string()
    .regex(/^sub_[A-Za-z0-9]{1,60}$/, 'is not a Gigs subscription id')
    .optional(),
  intent: oneOrMany(z.enum(INTENT_TYPES)).optional(),
  outcome: oneOrMany(z.enum(OUTCOMES)).optional(),
});
const listSchema = listQuery({
  sortable: ['id', 'createdAt', 'outcomeAt', 'intent', 'staffEmail', 'outcome'] as const,
  filter: sessionFilter,
  defaultSort: ['createdAt', 'DESC'],
});
const idParam = z.object({ id: z.string().regex(/^csn_[A-Za-z0-9]{1,60}$/, 'is not a Connect Session id') });
/** Headers arrive lower-cased; the others are let through. */
const retryHeader = z.object({ 'idempotency-key': retryKey.optional() });

// Readers are customer work (support, admin), not auditors: every link's creation and outcome
// is already in the audit log they read whole (actions gigs.connectSession.*).
/** Connect Session links made for customers. The url leaves the server once, in the POST answer. */
export const connectSessionsRoutes = new Hono<AppEnv>()
  .get('/connect-sessions', allow('connect-sessions', 'list'), validate('query', listSchema), async (c) => {
    const q = c.req.valid('query');
    const { rows, total } = await c.get('deps').connectSessions.list(q);
    return sendPage(c, 'connect-sessions', q.start, rows.map(present), total);
  })
  /** One link, and while it is pending what Gigs says of it now (`gigsStatus`): the dialog follows it live. */
  .get('/connect-sessions/:id', allow('connect-sessions', 'show'), validate('param', idParam), async (c) => {
    const deps = c.get('deps');
    const row = await deps.connectSessions.get(c.req.valid('param').id);
    if (!row) throw notFound('That Connect link');
    return c.json({ ...present(row), gigsStatus: row.outcome === 'pending' ? await liveProgress(deps, row.id) : null });
  })
  .post(
    '/connect-sessions/:id/revoke',
    allow('connect-sessions', 'edit'),
    validate('param', idParam),
    validate('json', z.strictObject({}).optional()),
    async (c) => {
      return c.json(await revokeLink(c.get('deps'), auditContext(c), c.req.valid('param').id));
    },
  )
  .post('/connect-sessions', allow('connect-sessions', 'create'), validate('header', retryHeader), validate('json', createSessionBody), async (c) => {
    const p = c.get('principal')!;
    const { customerId, clientRequestId, intent } = c.req.valid('json');
    // A script's Idempotency-Key, else the SPA's clientRequestId, else this request is its own click.
    const key = c.req.valid('header')['idempotency-key'] ?? clientRequestId ?? randomUUID();
    const created = await createSessionForCustomer(c.get('deps'), auditContext(c), { id: p.id, email: p.email }, { customerId, retryKey: key, intent });
    // The answer carries a bearer link: no cache, no proxy, no back-forward cache may keep it.
    c.header('Cache-Control', 'no-store');
    c.header('Pragma', 'no-cache');
    return c.json(created, 201);
  });

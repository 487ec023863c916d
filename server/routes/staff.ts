import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context.ts';
import { ROLE_LIST, ROLES } from '../vocabulary/roles.ts';
import { allow } from '../http/access.ts';
import { validate } from '../http/validate.ts';
import { listQuery, sendPage } from '../http/list-query.ts';
import { auditContext } from '../http/audit-context.ts';

const idParam = z.object({ id: z.coerce.number().int().positive('must be a staff id').max(Number.MAX_SAFE_INTEGER) }).strict();

const staffList = listQuery({
  sortable: ['id', 'email', 'role', 'disabled', 'lastSeenAt', 'createdAt'] as const,
  filter: z
    .object({
      q: z.string().max(200).optional(),
      role: z.enum(ROLES).optional(),
      disabled: z.boolean().optional(),
      /** Members whose sign-in is locked now after repeated failures (the Status page's block for admins). */
      locked: z.boolean().optional(),
      id: z.array(z.coerce.number().int()).max(500).optional(),
    })
    .strict(),
  defaultSort: ['email', 'ASC'],
});

const createBody = z
  .object({
    email: z.string().trim().toLowerCase().max(320).pipe(z.email('must be an e-mail address')),
    role: z.enum(ROLES, `must be one of ${ROLE_LIST}`),
  })
  .strict();

/**
 * simple-rest's update sends the whole record back: the read-only fields are accepted and
 * ignored, anything unknown is refused. Only role and disabled can change here.
 */
const readOnly = z.unknown().optional();
const updateBody = z
  .object({
    role: z.enum(ROLES, `must be one of ${ROLE_LIST}`).optional(),
    disabled: z.boolean().optional(),
    id: readOnly,
    email: readOnly,
    mustChangePassword: readOnly,
    oneTimePasswordExpiresAt: readOnly,
    lastSeenAt: readOnly,
    activeSessions: readOnly,
    lockedUntil: readOnly,
    secondFactors: readOnly,
    secondFactorRequired: readOnly,
    createdAt: readOnly,
    updatedAt: readOnly,
  })
  .strict();

const emptyBody = z.object({}).strict();

/** The staff resource: admins only. Every change is audited with its before and after. */
export const staffRoutes = new Hono<AppEnv>()
  .get('/staff', allow('staff', 'list'), validate('query', staffList), async (c) => {
    const q = c.req.valid('query');
    const { rows, total } = await c.get('deps').auth.staff.list(q);
    return sendPage(c, 'staff', q.start, rows, total);
  })
  .get('/staff/:id', allow('staff', 'show'), validate('param', idParam), async (c) => c.json(await c.get('deps').auth.staff.get(c.req.valid('param').id)))
  .post('/staff', allow('staff', 'create'), validate('json', createBody), async (c) => {
    const { record, oneTimePassword } = await c.get('deps').auth.staff.create(c.req.valid('json'), auditContext(c));
    return c.json({ ...record, oneTimePassword }, 201);
  })
  .put('/staff/:id', allow('staff', 'edit'), validate('param', idParam), validate('json', updateBody), async (c) => {
    const { role, disabled } = c.req.valid('json');
    return c.json(await c.get('deps').auth.staff.update(c.req.valid('param').id, { role, disabled }, auditContext(c)));
  })
  .post('/staff/:id/end-sessions', allow('staff', 'end-sessions'), validate('param', idParam), validate('json', emptyBody.optional()), async (c) => {
    const { record, sessionsEnded } = await c.get('deps').auth.staff.endSessions(c.req.valid('param').id, auditContext(c));
    return c.json({ ...record, activeSessions: 0, sessionsEnded });
  })
  .post(
    '/staff/:id/reset-second-factors',
    allow('staff', 'reset-second-factors'),
    validate('param', idParam),
    validate('json', emptyBody.optional()),
    async (c) => {
      const { record, factorsRemoved } = await c.get('deps').auth.staff.resetSecondFactors(c.req.valid('param').id, auditContext(c));
      return c.json({ ...record, activeSessions: 0, factorsRemoved });
    },
  )
  .post('/staff/:id/reset-password', allow('staff', 'reset-password'), validate('param', idParam), validate('json', emptyBody.optional()), async (c) => {
    const { record, oneTimePassword } = await c.get('deps').auth.staff.resetPassword(c.req.valid('param').id, auditContext(c));
    return c.json({ ...record, oneTimePassword });
  });

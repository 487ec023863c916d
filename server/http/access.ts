import type { MiddlewareHandler } from 'hono';
import { uniqueSymbol } from 'hono-openapi';
import { AppError } from './errors.ts';
import type { AppEnv } from './context.ts';
import { auditContext } from './audit-context.ts';
import type { Role } from '../vocabulary/roles.ts';
import { isKnownPermission, rolesAllowed } from '../vocabulary/permissions.ts';
import { noteAnonymousDenial } from '../audit/denials.ts';
import { storedPath } from '../audit/stored-text.ts';

/**
 * Every API route declares who may call it, as its first handler: `allow('customers', 'show')`
 * (a permission of the one table, server/vocabulary/permissions.ts, which the SPA reads too),
 * `signedIn()` or `publicRoute`. The route-table tests walk `app.routes` and fail on any /api route
 * without one of these, or whose roles are not the table's.
 */
export const ACCESS_RULE = Symbol.for('subdesk.accessRule');

export type Permission = { resource: string; actions: readonly string[] };
export type AccessRule = { public: true } | { public: false; roles: readonly Role[]; permission?: Permission; allowPasswordChange?: boolean };

type Tagged = MiddlewareHandler<AppEnv> & { [ACCESS_RULE]: AccessRule };

/**
 * The rule also describes the route for GET /api/openapi.json (hono-openapi reads the spec it
 * finds under its symbol on any handler), so every route is in the document with who may call it.
 */
function tag(handler: MiddlewareHandler<AppEnv>, rule: AccessRule): Tagged {
  const spec = rule.public
    ? { security: [], 'x-subdesk-access': 'public' }
    : {
        security: [{ session: [] }],
        'x-subdesk-access': rule.roles.length ? rule.roles : 'any signed-in member',
        responses: { 401: { $ref: '#/components/responses/NotSignedIn' }, 403: { $ref: '#/components/responses/Forbidden' } },
      };
  return Object.assign(handler, { [ACCESS_RULE]: rule, [uniqueSymbol]: { spec } });
}

export function accessRuleOf(handler: unknown): AccessRule | undefined {
  return (handler as Partial<Tagged> | null)?.[ACCESS_RULE];
}

/**
 * Audits a refusal. Without a session it is folded into one entry per address and minute
 * (audit/denials.ts): anyone can send those. A signed-in member's refusal is one entry each.
 */
async function deny(c: Parameters<MiddlewareHandler<AppEnv>>[0], status: 401 | 403, reason: string): Promise<void> {
  const deps = c.get('deps');
  const route = `${c.req.method} ${c.req.routePath}`;
  if (!c.get('principal')) {
    const { actor: _anonymous, ...origin } = auditContext(c);
    noteAnonymousDenial(deps, { action: 'access.denied', origin, method: c.req.method, path: c.req.path, route, status, reason });
    return;
  }
  await deps.audit.append({
    ...auditContext(c),
    action: 'access.denied',
    outcome: 'denied',
    target: { type: 'route', id: route },
    request: { method: c.req.method, path: storedPath(c.req.path) },
    error: { status, reason },
  });
}

/**
 * Only signed-in staff whose role may do one of `actions` on `resource`, per the permission table.
 * Several actions when one route serves several (the audit list is also one customer's history).
 */
export function allow(resource: string, ...actions: [string, ...string[]]) {
  const unknown = actions.filter((action) => !isKnownPermission(resource, action));
  // At start-up, not at the first request: a typo must not quietly lock everyone out.
  if (unknown.length) throw new Error(`allow('${resource}', ...): the permission table has no ${unknown.join(', ')} for ${resource}`);
  const roles = rolesAllowed(resource, ...actions);
  return tag(
    async (c, next) => {
      const p = c.get('principal');
      if (!p) {
        await deny(c, 401, 'not signed in');
        throw new AppError(401, 'Please sign in to continue.');
      }
      if (p.mustChangePassword) {
        await deny(c, 403, 'password change required');
        throw new AppError(403, 'Choose your own password before you continue.', {}, 'passwordChangeRequired');
      }
      if (!roles.includes(p.role)) {
        await deny(c, 403, `role ${p.role} not allowed`);
        throw new AppError(403, `Your role (${p.role}) cannot do this. Ask an admin if you need access.`);
      }
      await next();
    },
    { public: false, roles, permission: { resource, actions } },
  );
}

/** Any signed-in member, even one who still has to choose a password (the auth routes). */
export function signedIn() {
  return tag(
    async (c, next) => {
      if (!c.get('principal')) {
        await deny(c, 401, 'not signed in');
        throw new AppError(401, 'Please sign in to continue.');
      }
      await next();
    },
    { public: false, roles: [], allowPasswordChange: true },
  );
}

/** No session needed (health, login, the Connect callback). */
export const publicRoute = tag(
  async (_c, next) => {
    await next();
  },
  { public: true },
);

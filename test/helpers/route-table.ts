import type { Hono } from 'hono';
import { accessRuleOf, type AccessRule } from '../../server/http/access.ts';
import { ROLES, type Role } from '../../server/vocabulary/roles.ts';
import { roleCan } from '../../server/vocabulary/permissions.ts';

/**
 * The real app's /api route table, walked from `app.routes`, so that a route another engineer adds
 * is covered by every suite built on it (access matrix, cross-origin, fuzzing) without editing them.
 */
export type ApiRoute = { method: string; path: string; rule: AccessRule | undefined };

export function apiRoutesOf(app: Pick<Hono, 'routes'>): ApiRoute[] {
  const seen = new Map<string, ApiRoute>();
  for (const r of app.routes) {
    if (!r.path.startsWith('/api/')) continue;
    // Middleware (`use`) and catch-alls are registered as ALL with a wildcard; they are not routes.
    if (r.method === 'ALL' && r.path.includes('*')) continue;
    const key = `${r.method} ${r.path}`;
    // The first handler registered for a method and path is what runs first.
    if (!seen.has(key)) seen.set(key, { method: r.method === 'ALL' ? 'GET' : r.method, path: r.path, rule: accessRuleOf(r.handler) });
  }
  return [...seen.values()];
}

/** The `:name` parameters of a route path, in order. */
export const pathParams = (path: string): string[] => [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);

/** The path with every parameter replaced: by `fill(name)` when given, else by an id no record has. */
export const concretePath = (path: string, fill: (name: string) => string = () => '999999') =>
  path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?\??/g, (_m, name: string) => encodeURIComponent(fill(name)));

export const isWrite = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method);

/** The roles a rule lets past it: everyone for public and signed-in-only rules. */
export const listedRoles = (rule: AccessRule): readonly Role[] =>
  rule.public ? ROLES : rule.roles.length === 0 && rule.allowPasswordChange ? ROLES : rule.roles;

/** Whether `role` gets past the route's access rule. */
export const roleMayCall = (route: ApiRoute, role: Role) => Boolean(route.rule) && listedRoles(route.rule!).includes(role);

const READ_ACTIONS = ['list', 'show'];
const WRITE_ACTIONS = ['create', 'edit', 'delete'];

/**
 * Where a route's access rule and the permission table the SPA reads (server/vocabulary/
 * permissions.ts) disagree: roles written by hand instead of a permission, a permission of another
 * resource than the route's path, a role the route lets in that the SPA's table refuses (or the
 * other way), a write declared as a read.
 */
export function ruleDisagreements(routes: ApiRoute[]): string[] {
  const problems: string[] = [];
  for (const route of routes) {
    const rule = route.rule;
    // Public routes and the auth routes any signed-in member may call are not in the table.
    if (!rule || rule.public || (rule.roles.length === 0 && rule.allowPasswordChange)) continue;
    const label = `${route.method} ${route.path}`;
    const permission = rule.permission;
    if (!permission) {
      problems.push(`${label}: roles ${rule.roles.join(', ')} are not a permission of the table`);
      continue;
    }
    const resource = route.path.split('/')[2]!;
    if (permission.resource !== resource) problems.push(`${label}: declares a permission on ${permission.resource}, its path is ${resource}`);
    for (const role of ROLES) {
      const server = rule.roles.includes(role);
      const spa = permission.actions.some((action) => roleCan(role, resource, action));
      if (server !== spa) problems.push(`${label}: the server ${server ? 'lets' : 'refuses'} ${role}, the SPA's table ${spa ? 'lets' : 'refuses'} them`);
    }
    const wrongKind = isWrite(route.method) ? READ_ACTIONS : WRITE_ACTIONS;
    const misnamed = permission.actions.filter((action) => wrongKind.includes(action));
    if (misnamed.length) problems.push(`${label}: a ${isWrite(route.method) ? 'write' : 'read'} declared as ${misnamed.join(', ')}`);
  }
  return problems;
}

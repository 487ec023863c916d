import type { Hono } from 'hono';
import { accessRuleOf, type AccessRule } from '../../server/http/access.ts';
import { ROLES, type Role } from '../../server/http/context.ts';

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
export const listedRoles = (rule: AccessRule): readonly Role[] => (rule.public ? ROLES : rule.roles.length === 0 && rule.allowPasswordChange ? ROLES : rule.roles);

/** Whether `role` gets past the route's access rule. */
export const roleMayCall = (route: ApiRoute, role: Role) => Boolean(route.rule) && listedRoles(route.rule!).includes(role);

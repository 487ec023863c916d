import { ROLES, type Role } from './roles.ts';

/**
 * Who may do what, by resource and action: the one table behind every API route's rule
 * (`allow(resource, action)` in server/http/access.ts) and everything the SPA shows or hides
 * (the menu, react-admin's canAccess). The server enforces it; the SPA only hides what a role
 * cannot use. test/permissions.test.ts walks the app's routes and fails when a route and this
 * table disagree.
 *
 * Resources are the API's first path segment (`/api/audit-events/...` is `audit-events`), which
 * is also the SPA's resource name. Actions are react-admin's (`list`, `show`, `create`, `edit`,
 * `delete`, `export`) or a verb of our own (`verify`, `customer-history`, `end-sessions`, ...);
 * `*` grants every action.
 */
type Grants = Readonly<Record<string, readonly Role[]>>;

const EVERYONE = ROLES;
/** Support acts for customers; admins can do everything. */
const CUSTOMER_WORK: readonly Role[] = ['support', 'admin'];
/** The catalogue holds no personal data: support may look at it beside the merchandisers. */
const CATALOGUE_READERS: readonly Role[] = ['merchandiser', 'support', 'admin'];
const AUDITORS: readonly Role[] = ['auditor', 'admin'];

const catalogue = { list: CATALOGUE_READERS, show: CATALOGUE_READERS, export: CATALOGUE_READERS };

export const PERMISSIONS = {
  status: { list: EVERYONE, show: EVERYONE },
  customers: { '*': CUSTOMER_WORK },
  'gigs-subscriptions': { '*': CUSTOMER_WORK },
  'connect-sessions': { '*': CUSTOMER_WORK },
  'centra-contracts': { '*': CUSTOMER_WORK },
  'centra-subscriptions': { '*': CUSTOMER_WORK },
  'customer-timeline': { '*': CUSTOMER_WORK },
  'customer-notes': { '*': CUSTOMER_WORK },
  plans: catalogue,
  'gigs-plans': catalogue,
  'gigs-addons': catalogue,
  'centra-products': catalogue,
  'audit-events': {
    list: AUDITORS,
    show: AUDITORS,
    export: AUDITORS,
    verify: AUDITORS,
    // One customer's entries, for the History tab: the route checks that a customer is named.
    'customer-history': ['support', 'auditor', 'admin'],
  },
  staff: { '*': ['admin'] },
  // Each member's own second factors (the Security page): the routes reach only the caller's own.
  'sign-in-methods': { '*': EVERYONE },
  // The API reference (GET /api/openapi.json): the map of the API, no data.
  'openapi.json': { list: EVERYONE, show: EVERYONE },
} as const satisfies Record<string, Grants>;

export type Resource = keyof typeof PERMISSIONS;

const grantsOf = (resource: string): Grants | undefined => (PERMISSIONS as Record<string, Grants>)[resource];

/** Whether the table names this action (or `*`) for the resource. */
export function isKnownPermission(resource: string, action: string): boolean {
  const grants = grantsOf(resource);
  return Boolean(grants && (grants['*'] || grants[action]));
}

/** Whether `role` may do `action` on `resource`. */
export function roleCan(role: Role | undefined, resource: string, action = 'list'): boolean {
  if (!role) return false;
  const grants = grantsOf(resource);
  return Boolean(grants && (grants['*']?.includes(role) || grants[action]?.includes(role)));
}

/** The roles that may do any of `actions` on `resource`, in the order of ROLES. */
export function rolesAllowed(resource: string, ...actions: string[]): Role[] {
  return ROLES.filter((role) => actions.some((action) => roleCan(role, resource, action)));
}

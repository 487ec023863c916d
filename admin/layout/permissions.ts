/**
 * What each role may see and do in the SPA: the same table as the server's rules (the roles
 * table in docs/architecture.md), used only to hide what a role cannot use. The server enforces.
 *
 * Keyed by resource name (the contract with the other resources' authors) and by react-admin
 * action (`list`, `show`, `create`, `edit`, `delete`, `export`) or an action verb of our own
 * (`end-sessions`, `reset-password`, `verify`, `customer-history`, ...). `*` allows every action.
 */
export type Role = 'support' | 'merchandiser' | 'auditor' | 'admin';
export const ROLES: Role[] = ['support', 'merchandiser', 'auditor', 'admin'];

type Grants = Record<string, readonly string[]>;
const ALL = ['*'] as const;
const READ = ['list', 'show'] as const;

/** Customer-facing resources: support and admin act on them. */
const CUSTOMER_WORK: Grants = {
  customers: ALL,
  'gigs-subscriptions': ALL,
  'connect-sessions': ALL,
  'centra-contracts': ALL,
  'centra-subscriptions': ALL,
  'customer-timeline': ALL,
  'customer-notes': ALL,
};

/** The catalogue: read-only for everyone who may see it (aggregates, no personal data). */
const CATALOGUE: Grants = {
  plans: READ,
  'gigs-plans': READ,
  'gigs-addons': READ,
  'centra-products': READ,
};

const AUDIT: Grants = { 'audit-events': ['list', 'show', 'export', 'verify', 'customer-history'] };

/** Every signed-in member: the status page and the API reference (GET /api/openapi.json). */
const EVERYONE: Grants = { status: READ, api: READ };

export const PERMISSIONS: Record<Role, Grants> = {
  support: { ...EVERYONE, ...CUSTOMER_WORK, ...CATALOGUE, 'audit-events': ['customer-history'] },
  merchandiser: { ...EVERYONE, ...CATALOGUE },
  auditor: { ...EVERYONE, ...AUDIT },
  admin: { ...EVERYONE, ...CUSTOMER_WORK, ...CATALOGUE, ...AUDIT, staff: ALL },
};

export function roleCan(role: Role | undefined, resource: string, action = 'list'): boolean {
  if (!role) return false;
  const grants = PERMISSIONS[role]?.[resource];
  return !!grants && (grants.includes('*') || grants.includes(action));
}

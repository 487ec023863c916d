/** The four staff roles, and what each is for (the words an admin sees when choosing one). */
export const ROLES = ['support', 'merchandiser', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_PURPOSE: Record<Role, string> = {
  support: 'customers, subscriptions, Connect links',
  merchandiser: 'plans and products (no personal data)',
  auditor: 'reads and exports the audit log',
  admin: 'everything, plus staff accounts',
};

export const isRole = (value: unknown): value is Role => (ROLES as readonly unknown[]).includes(value);

/** "must be one of support, merchandiser, auditor, admin": the message every role input gives. */
export const ROLE_LIST = ROLES.join(', ');

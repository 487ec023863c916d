/** The four staff roles (what each is for, in the admin's words, is in the SPA's messages: `roleChoices.*`). */
export const ROLES = ['support', 'merchandiser', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => (ROLES as readonly unknown[]).includes(value);

/** "must be one of support, merchandiser, auditor, admin": the message every role input gives. */
export const ROLE_LIST = ROLES.join(', ');

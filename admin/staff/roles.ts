import { ROLES } from '../../server/vocabulary/roles.ts';

/** The choices for role inputs, with what each role is for (shown to the admin choosing); react-admin translates the keys. */
export const ROLE_CHOICES = ROLES.map((role) => ({ id: role, name: `roleChoices.${role}` }));

export const ROLE_FILTER_CHOICES = ROLES.map((role) => ({ id: role, name: `roles.${role}` }));

export type StaffRecord = {
  id: number;
  email: string;
  role: string;
  disabled: boolean;
  mustChangePassword: boolean;
  /** When the pending one-time password stops working (null: the member chose their own). */
  oneTimePasswordExpiresAt: string | null;
  lastSeenAt: string | null;
  activeSessions: number;
  createdAt: string;
  updatedAt: string;
};

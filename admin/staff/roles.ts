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
  /** When the sign-in lock after repeated wrong passwords ends (null: not locked). */
  lockedUntil: string | null;
  /** The kinds of second factor the member has. */
  secondFactors: ('passkey' | 'totp')[];
  /** Whether their role must have one (REQUIRE_SECOND_FACTOR). */
  secondFactorRequired: boolean;
  createdAt: string;
  updatedAt: string;
};

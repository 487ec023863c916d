import type { loginThrottle, pendingFactorEnrolments, pendingSignIns, staff, staffSecondFactors } from '../../../db/schema.ts';
import type { AuditInput } from '../../audit/log.ts';
import type { Role } from '../../vocabulary/roles.ts';

export type StaffRow = typeof staff.$inferSelect;
export type NewStaff = Omit<typeof staff.$inferInsert, 'id'>;
export type ThrottleRow = typeof loginThrottle.$inferSelect;
export type FactorRow = typeof staffSecondFactors.$inferSelect;
export type NewFactor = Omit<typeof staffSecondFactors.$inferInsert, 'id'>;
export type PendingSignInRow = typeof pendingSignIns.$inferSelect;
export type NewPendingSignIn = Omit<typeof pendingSignIns.$inferInsert, 'id'>;
export type PendingEnrolment = typeof pendingFactorEnrolments.$inferSelect;

/** A session row with its member's row fields that decide whether it still counts. */
export type SessionLookup = Pick<StaffRow, 'email' | 'role' | 'mustChangePassword' | 'disabled'> & {
  sessionId: number;
  staffId: number;
  createdAt: number;
  lastSeenAt: number;
};

export type NewSession = { tokenHash: string; staffId: number; now: number; ip: string | null; userAgent: string | null };

export type StaffSortColumn = 'id' | 'email' | 'role' | 'disabled' | 'lastSeenAt' | 'createdAt';

/** A page of the staff directory; `ids` narrows to those members (an empty list matches none). */
export type StaffQuery = {
  sort: { field: StaffSortColumn; order: 'ASC' | 'DESC' };
  start: number;
  limit: number;
  /** Lower-cased text the e-mail address contains. */
  emailContains?: string;
  role?: Role;
  disabled?: boolean;
  ids?: number[];
  notIds?: number[];
};

/** What the throttle decided for the keys it read: rows to write, keys to forget, and its answer. */
export type ThrottleDecision<T> = { upsert: ThrottleRow[]; remove: string[]; result: T };

/** What happened in a staff write, for its audit entry and its caller. */
export type StaffWritten = {
  before: StaffRow;
  after: StaffRow;
  sessionsEnded: number;
  /** The factors removed (removeSecondFactors), in the order they were added. */
  factorsRemoved: FactorRow[];
  /** The session opened (openSession), or null. */
  sessionId: number | null;
};

/**
 * One change of a member's row and what goes with it, decided by the domain on the row as it is
 * inside the transaction. `audit` builds the entry written with it.
 */
export type StaffWrite = {
  set?: Partial<Pick<StaffRow, 'role' | 'disabled' | 'passwordHash' | 'mustChangePassword' | 'oneTimePasswordExpiresAt' | 'updatedAt'>>;
  /** End the member's sessions (all, or all but one). */
  endSessions?: { exceptSessionId?: number };
  /** Remove every second factor, pending enrolment, recovery code and unfinished sign-in of the member. */
  removeSecondFactors?: boolean;
  /** Open a session for this browser after the others ended (a member's own password change). */
  openSession?: Omit<NewSession, 'staffId'>;
  audit: (written: StaffWritten) => AuditInput;
};

/**
 * Where auth and the staff directory keep their rows (docs/postgres.md, "How a domain reaches its
 * data"). Each method is one storage job; what to allow, refuse or record is decided by the
 * callers in server/auth/. Everything two instances must agree on is a row here: sessions,
 * throttle counters, pending sign-ins, spent codes.
 */
export interface AuthStore {
  // staff
  staffById(id: number): Promise<StaffRow | undefined>;
  staffByEmail(email: string): Promise<StaffRow | undefined>;
  staffEmails(): Promise<{ id: number; email: string }[]>;
  listStaff(query: StaffQuery): Promise<{ rows: StaffRow[]; total: number }>;
  countStaff(): Promise<number>;
  /** Inserts a member with its audit entry; null (nothing written) when the e-mail address is taken. */
  insertStaff(values: NewStaff, audit: (row: StaffRow) => AuditInput): Promise<StaffRow | null>;
  /**
   * Changes a member as `decide` says, on the row locked for this transaction and with the number
   * of other enabled admins at that moment; `decide` answers null to refuse (nothing is written).
   * Undefined when there is no such member.
   */
  writeStaff(id: number, decide: (before: StaffRow, otherActiveAdmins: number) => StaffWrite | null): Promise<StaffWritten | { refused: StaffRow } | undefined>;
  /** A rehash of the same password: no audit entry, nothing else changes. */
  setPasswordHash(id: number, passwordHash: string): Promise<void>;

  // sessions
  /** Inserts the session and marks the member seen; answers its id. */
  createSession(session: NewSession): Promise<number>;
  sessionByTokenHash(tokenHash: string): Promise<SessionLookup | undefined>;
  /** Marks the session and its member seen at `now`. */
  touchSession(sessionId: number, staffId: number, now: number): Promise<void>;
  /** Answers whether there was such a session. */
  endSession(sessionId: number): Promise<boolean>;
  endSessionsOf(staffId: number, exceptSessionId?: number): Promise<number>;
  /** Sessions of the member seen since `seenSince` and created since `createdSince`. */
  liveSessionCount(staffId: number, seenSince: number, createdSince: number): Promise<number>;

  // sign-in throttling
  throttleRows(keys: string[]): Promise<ThrottleRow[]>;
  /**
   * Reads the keys' rows and writes what `decide` makes of them, as one step no other attempt
   * (from this instance or another) can interleave with.
   */
  changeThrottle<T>(keys: string[], decide: (rows: Map<string, ThrottleRow>) => ThrottleDecision<T>): Promise<T>;
  /** Rows whose key starts with `prefix`, locked after `now` with at least `minFailures`. */
  lockedThrottleRows(prefix: string, now: number, minFailures: number): Promise<ThrottleRow[]>;

  // pending sign-ins
  /** Inserts one, and forgets those expired by `now`. */
  createPendingSignIn(values: NewPendingSignIn, now: number): Promise<void>;
  pendingSignInByTokenHash(tokenHash: string): Promise<PendingSignInRow | undefined>;
  setPendingSignInChallenge(id: number, challenge: string): Promise<void>;
  /** Counts one wrong second step; answers the failures so far, or null when it is gone. */
  countPendingSignInFailure(id: number): Promise<number | null>;
  /** Removes it; answers whether it was still there (only one caller ever gets true). */
  endPendingSignIn(id: number): Promise<boolean>;

  // second factors
  factorsOf(staffId: number): Promise<FactorRow[]>;
  /** The member's pending enrolment of `kind`, after forgetting those expired by `now`. */
  pendingEnrolment(staffId: number, kind: FactorRow['kind'], now: number): Promise<PendingEnrolment | undefined>;
  keepPendingEnrolment(row: PendingEnrolment): Promise<void>;
  /**
   * Adds a factor, ends its pending enrolment, and, when it is the member's first, replaces the
   * recovery codes with `recoveryCodeHashes`; with its audit entry (told whether it was the first).
   */
  addFactor(
    values: NewFactor,
    recoveryCodeHashes: string[],
    audit: (row: FactorRow, first: boolean) => AuditInput,
  ): Promise<{ row: FactorRow; first: boolean }>;
  /**
   * Removes one factor (and the recovery codes with the last) if `allow`, given all the member's
   * factors, does not throw; with its audit entry. Undefined when the member has no such factor.
   */
  removeFactor(
    staffId: number,
    factorId: number,
    allow: (all: FactorRow[]) => void,
    audit: (row: FactorRow, left: number) => AuditInput,
  ): Promise<FactorRow | undefined>;
  /** Records a TOTP step as used, only if it is later than the last one used (a code works once). */
  spendTotpStep(factorId: number, step: number, usedAt: string): Promise<FactorRow | undefined>;
  recordPasskeyUse(factorId: number, signCount: number, usedAt: string): Promise<FactorRow | undefined>;

  // recovery codes
  /** Replaces the member's codes, with the audit entry; false (nothing written) when they have no factor. */
  replaceRecoveryCodes(staffId: number, codeHashes: string[], createdAt: string, audit: AuditInput): Promise<boolean>;
  unusedRecoveryCodes(staffId: number): Promise<{ id: number; codeHash: string }[]>;
  /** Marks a code used; answers false when it already was (only one caller ever gets true). */
  spendRecoveryCode(id: number, usedAt: string): Promise<boolean>;
  recoveryCodesLeft(staffId: number): Promise<number>;
}

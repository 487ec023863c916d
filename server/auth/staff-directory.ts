import { durableTransaction } from '../../db/connection.ts';
import { and, asc, count, desc, eq, inArray, like, ne, notInArray, type SQL } from 'drizzle-orm';
import { staff } from '../../db/schema.ts';
import type { AuthDeps } from './services.ts';
import type { RequestOrigin } from '../audit/log.ts';
import type { Role } from '../vocabulary/roles.ts';
import { AppError, conflict, notFound } from '../http/errors.ts';
import { hashPassword } from './password.ts';
import { newOneTimePassword, ONE_TIME_PASSWORD_LIFETIME_MS } from './tokens.ts';
import type { SessionStore } from './sessions.ts';
import { accountKey, type LoginThrottle } from './throttle.ts';
import type { AuthKey } from './auth-key.ts';
import type { FactorKind, SecondFactors } from './second-factors.ts';
import type { PendingSignIns } from './pending-sign-ins.ts';

type StaffRow = typeof staff.$inferSelect;

/** A staff member as the API shows it: never the hash. */
export type StaffRecord = {
  id: number;
  email: string;
  role: Role;
  disabled: boolean;
  mustChangePassword: boolean;
  /** ISO time the pending one-time password stops working (null: the member chose their password). */
  oneTimePasswordExpiresAt: string | null;
  /** ISO time of the last request from any of the member's sessions, or null if never signed in. */
  lastSeenAt: string | null;
  activeSessions: number;
  /** The kinds of second factor the member has (none: an empty list). */
  secondFactors: FactorKind[];
  /** Whether the member's role must have one (REQUIRE_SECOND_FACTOR): asked to enrol at next sign-in when they have none. */
  secondFactorRequired: boolean;
  /** ISO time the sign-in lock (after repeated failed attempts) ends, or null when not locked. */
  lockedUntil: string | null;
  createdAt: string;
  updatedAt: string;
};

export type StaffSort = 'id' | 'email' | 'role' | 'disabled' | 'lastSeenAt' | 'createdAt';
export type StaffFilter = { q?: string; role?: Role; disabled?: boolean; id?: number[]; locked?: boolean };

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** What the audit log keeps of a member: the key avoids the word "password", which the redactor blanks. */
const auditView = (r: StaffRecord) => ({
  id: r.id,
  email: r.email,
  role: r.role,
  disabled: r.disabled,
  changeRequiredAtNextSignIn: r.mustChangePassword,
  oneTimeUntil: r.oneTimePasswordExpiresAt,
});

const SORT_COLUMNS = {
  id: staff.id,
  email: staff.email,
  role: staff.role,
  disabled: staff.disabled,
  lastSeenAt: staff.lastSeenAt,
  createdAt: staff.createdAt,
} as const;

/**
 * The staff directory: who may sign in, with which role. Every change is written together with
 * its audit entry in one transaction, so there is no change without its entry (and no entry for
 * a change that rolled back).
 */
export class StaffDirectory {
  private readonly sessions: SessionStore;
  private readonly throttle: LoginThrottle;
  private readonly key: AuthKey;
  private readonly factors: SecondFactors;
  private readonly pendingSignIns: PendingSignIns;

  constructor(
    private readonly deps: AuthDeps,
    services: { sessions: SessionStore; throttle: LoginThrottle; key: AuthKey; factors: SecondFactors; pendingSignIns: PendingSignIns },
  ) {
    this.sessions = services.sessions;
    this.throttle = services.throttle;
    this.key = services.key;
    this.factors = services.factors;
    this.pendingSignIns = services.pendingSignIns;
  }

  private lockedUntil(email: string): number | null {
    return this.throttle.lockedUntil(accountKey(this.key.emailFingerprint(email)));
  }

  /** The members whose account is locked now. The counters are keyed by a hash of the address, so each member's is computed. */
  private lockedIds(): number[] {
    const locked = this.throttle.lockedAccounts();
    if (!locked.size) return [];
    const all = this.deps.db.select({ id: staff.id, email: staff.email }).from(staff).all();
    return all.filter((m) => locked.has(accountKey(this.key.emailFingerprint(m.email)).key)).map((m) => m.id);
  }

  private nowIso() {
    return this.deps.clock().toISOString();
  }

  private oneTimePasswordExpiry() {
    return this.deps.clock().getTime() + ONE_TIME_PASSWORD_LIFETIME_MS;
  }

  private toRecord(row: StaffRow): StaffRecord {
    return {
      id: row.id,
      email: row.email,
      role: row.role,
      disabled: row.disabled,
      mustChangePassword: row.mustChangePassword,
      oneTimePasswordExpiresAt: row.oneTimePasswordExpiresAt ? new Date(row.oneTimePasswordExpiresAt).toISOString() : null,
      lastSeenAt: row.lastSeenAt ? new Date(row.lastSeenAt).toISOString() : null,
      activeSessions: this.sessions.countFor(row.id),
      secondFactors: this.factors.kinds(row.id),
      secondFactorRequired: this.factors.required(row.role),
      lockedUntil: ((until) => (until ? new Date(until).toISOString() : null))(this.lockedUntil(row.email)),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  private row(id: number): StaffRow {
    const row = this.deps.db.select().from(staff).where(eq(staff.id, id)).get();
    if (!row) throw notFound('That staff member');
    return row;
  }

  findByEmail(email: string): StaffRow | undefined {
    return this.deps.db
      .select()
      .from(staff)
      .where(eq(staff.email, normalizeEmail(email)))
      .get();
  }

  get(id: number): StaffRecord {
    return this.toRecord(this.row(id));
  }

  list(q: { sort: { field: StaffSort; order: 'ASC' | 'DESC' }; start: number; limit: number; filter: StaffFilter }): { rows: StaffRecord[]; total: number } {
    const where: SQL[] = [];
    const f = q.filter;
    if (f.q)
      where.push(
        like(
          staff.email,
          `%${f.q
            .trim()
            .toLowerCase()
            .replace(/[%_\\]/g, (m) => `\\${m}`)}%`,
        ),
      );
    if (f.role) where.push(eq(staff.role, f.role));
    if (f.disabled !== undefined) where.push(eq(staff.disabled, f.disabled));
    if (f.id) where.push(inArray(staff.id, f.id.length ? f.id : [-1]));
    if (f.locked !== undefined) {
      const locked = this.lockedIds();
      where.push(f.locked ? inArray(staff.id, locked.length ? locked : [-1]) : notInArray(staff.id, locked));
    }
    const condition = where.length ? and(...where) : undefined;
    const column = SORT_COLUMNS[q.sort.field];
    const rows = this.deps.db
      .select()
      .from(staff)
      .where(condition)
      .orderBy(q.sort.order === 'DESC' ? desc(column) : asc(column), asc(staff.id))
      .limit(q.limit)
      .offset(q.start)
      .all();
    const total = this.deps.db.select({ n: count() }).from(staff).where(condition).get()?.n ?? 0;
    return { rows: rows.map((r) => this.toRecord(r)), total };
  }

  /**
   * Creates a member. Without `password` a one-time password is generated and returned (once);
   * the member must choose their own at first sign-in. `password` is only for the operator's
   * own account on the command line and for the sandbox's demo accounts.
   */
  async create(
    input: { email: string; role: Role; password?: string; passwordHash?: string; mustChangePassword?: boolean },
    origin: RequestOrigin,
  ): Promise<{ record: StaffRecord; oneTimePassword?: string }> {
    const email = normalizeEmail(input.email);
    if (this.findByEmail(email)) throw conflict('A staff member with this e-mail address already exists.', { email: 'is already in use' });
    const given = input.password !== undefined || input.passwordHash !== undefined;
    const oneTimePassword = given ? undefined : newOneTimePassword();
    const passwordHash = input.passwordHash ?? (await hashPassword(input.password ?? oneTimePassword!));
    const now = this.nowIso();
    const record = durableTransaction(this.deps.db, () => {
      // Checked again inside the transaction: the hash took a while, someone may have been faster.
      if (this.findByEmail(email)) throw conflict('A staff member with this e-mail address already exists.', { email: 'is already in use' });
      const row = this.deps.db
        .insert(staff)
        .values({
          email,
          role: input.role,
          passwordHash,
          mustChangePassword: input.mustChangePassword ?? true,
          oneTimePasswordExpiresAt: oneTimePassword ? this.oneTimePasswordExpiry() : null,
          disabled: false,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
      const created = this.toRecord(row);
      this.deps.audit.record({
        ...origin,
        action: 'staff.create',
        outcome: 'succeeded',
        target: { type: 'staff', id: String(row.id) },
        request: { email, role: input.role },
        after: auditView(created),
      });
      return created;
    });
    return { record, oneTimePassword };
  }

  /**
   * Changes role and/or disabled. A role change or disabling ends all the member's sessions at
   * once. The last active admin can be neither disabled nor demoted (409): someone must remain
   * who can manage staff.
   */
  update(id: number, patch: { role?: Role; disabled?: boolean }, origin: RequestOrigin): StaffRecord {
    const outcome = durableTransaction(this.deps.db, () => {
      const before = this.row(id);
      const role = patch.role ?? before.role;
      const disabled = patch.disabled ?? before.disabled;
      const losesAdmin = before.role === 'admin' && !before.disabled && (role !== 'admin' || disabled);
      if (losesAdmin && this.otherActiveAdmins(id) === 0) return { refused: true as const, before: this.toRecord(before) };
      const after = this.deps.db.update(staff).set({ role, disabled, updatedAt: this.nowIso() }).where(eq(staff.id, id)).returning().get();
      const endSessions = role !== before.role || (disabled && !before.disabled);
      const sessionsEnded = endSessions ? this.sessions.endAllFor(id) : 0;
      const beforeRecord = this.toRecord(before);
      const afterRecord = this.toRecord(after);
      this.deps.audit.record({
        ...origin,
        action: 'staff.update',
        outcome: 'succeeded',
        target: { type: 'staff', id: String(id) },
        request: patch,
        before: auditView(beforeRecord),
        after: { ...auditView(afterRecord), sessionsEnded },
      });
      return { refused: false as const, record: afterRecord };
    });
    if (outcome.refused) {
      const message = 'This is the last active admin: make another member admin first, then try again.';
      this.deps.audit.record({
        ...origin,
        action: 'staff.update',
        outcome: 'failed',
        target: { type: 'staff', id: String(id) },
        request: patch,
        before: auditView(outcome.before),
        error: { status: 409, message },
      });
      throw new AppError(
        409,
        message,
        patch.role !== undefined && patch.role !== 'admin'
          ? { role: 'the last active admin must stay admin' }
          : { disabled: 'the last active admin cannot be disabled' },
        'lastAdmin',
      );
    }
    return outcome.record;
  }

  private otherActiveAdmins(id: number): number {
    return (
      this.deps.db
        .select({ n: count() })
        .from(staff)
        .where(and(eq(staff.role, 'admin'), eq(staff.disabled, false), ne(staff.id, id)))
        .get()?.n ?? 0
    );
  }

  /** Signs a member out everywhere (a lost laptop, a shared screen). */
  endSessions(id: number, origin: RequestOrigin): { record: StaffRecord; sessionsEnded: number } {
    return durableTransaction(this.deps.db, () => {
      const before = this.row(id);
      const sessionsEnded = this.sessions.endAllFor(id);
      const record = this.toRecord(before);
      this.deps.audit.record({
        ...origin,
        action: 'staff.sessions.end',
        outcome: 'succeeded',
        target: { type: 'staff', id: String(id) },
        before: auditView(record),
        after: { sessionsEnded },
      });
      return { record, sessionsEnded };
    });
  }

  /**
   * Replaces a member's password with a new one-time password (answered once), ends their
   * sessions, and makes them choose their own at next sign-in. An admin never sets a chosen password.
   */
  async resetPassword(id: number, origin: RequestOrigin): Promise<{ record: StaffRecord; oneTimePassword: string }> {
    this.row(id);
    const oneTimePassword = newOneTimePassword();
    const passwordHash = await hashPassword(oneTimePassword);
    const record = durableTransaction(this.deps.db, () => {
      const before = this.toRecord(this.row(id));
      const after = this.deps.db
        .update(staff)
        .set({ passwordHash, mustChangePassword: true, oneTimePasswordExpiresAt: this.oneTimePasswordExpiry(), updatedAt: this.nowIso() })
        .where(eq(staff.id, id))
        .returning()
        .get();
      const sessionsEnded = this.sessions.endAllFor(id);
      const afterRecord = this.toRecord(after);
      this.deps.audit.record({
        ...origin,
        action: 'staff.password.reset',
        outcome: 'succeeded',
        target: { type: 'staff', id: String(id) },
        before: auditView(before),
        after: { ...auditView(afterRecord), sessionsEnded },
      });
      return afterRecord;
    });
    return { record, oneTimePassword };
  }

  /**
   * Removes every second factor and recovery code of a member (a lost phone, a lost key) and ends
   * their sessions and unfinished sign-ins. A member whose role requires one enrols again at their
   * next sign-in.
   */
  resetSecondFactors(id: number, origin: RequestOrigin): { record: StaffRecord; factorsRemoved: number } {
    return durableTransaction(this.deps.db, () => {
      const before = this.toRecord(this.row(id));
      const { factorsRemoved } = this.factors.removeAll(id);
      const sessionsEnded = this.sessions.endAllFor(id);
      this.pendingSignIns.endAllFor(id);
      const record = this.toRecord(this.row(id));
      this.deps.audit.record({
        ...origin,
        action: 'staff.secondFactors.reset',
        outcome: 'succeeded',
        target: { type: 'staff', id: String(id) },
        before: { ...auditView(before), secondFactors: before.secondFactors },
        after: { secondFactors: record.secondFactors, factorsRemoved, sessionsEnded, enrolAtNextSignIn: record.secondFactorRequired },
      });
      return { record, factorsRemoved };
    });
  }

  /** Stores a member's own new password (after the caller has checked it). */
  setOwnPasswordHash(id: number, passwordHash: string): void {
    this.deps.db
      .update(staff)
      .set({ passwordHash, mustChangePassword: false, oneTimePasswordExpiresAt: null, updatedAt: this.nowIso() })
      .where(eq(staff.id, id))
      .run();
  }

  count(): number {
    return this.deps.db.select({ n: count() }).from(staff).get()?.n ?? 0;
  }
}

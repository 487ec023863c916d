import type { AuthDeps } from './services.ts';
import type { AuditInput, RequestOrigin } from '../audit/log.ts';
import type { Role } from '../vocabulary/roles.ts';
import { AppError, conflict, notFound } from '../http/errors.ts';
import { hashPassword } from './password.ts';
import { newOneTimePassword, ONE_TIME_PASSWORD_LIFETIME_MS } from './tokens.ts';
import type { SessionStore } from './sessions.ts';
import { accountKey, type LoginThrottle } from './throttle.ts';
import type { AuthKey } from './auth-key.ts';
import { kindsOf, type FactorKind, type SecondFactors } from './second-factors.ts';
import type { AuthStore, NewSession, StaffRow, StaffWrite, StaffWritten } from './store/index.ts';

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
const auditView = (r: StaffRow) => ({
  id: r.id,
  email: r.email,
  role: r.role,
  disabled: r.disabled,
  changeRequiredAtNextSignIn: r.mustChangePassword,
  oneTimeUntil: r.oneTimePasswordExpiresAt ? new Date(r.oneTimePasswordExpiresAt).toISOString() : null,
});

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

  constructor(
    private readonly deps: AuthDeps,
    private readonly store: AuthStore,
    services: { sessions: SessionStore; throttle: LoginThrottle; key: AuthKey; factors: SecondFactors },
  ) {
    this.sessions = services.sessions;
    this.throttle = services.throttle;
    this.key = services.key;
    this.factors = services.factors;
  }

  private lockedUntil(email: string): Promise<number | null> {
    return this.throttle.lockedUntil(accountKey(this.key.emailFingerprint(email)));
  }

  /** The members whose account is locked now. The counters are keyed by a hash of the address, so each member's is computed. */
  private async lockedIds(): Promise<number[]> {
    const locked = await this.throttle.lockedAccounts();
    if (!locked.size) return [];
    const all = await this.store.staffEmails();
    return all.filter((m) => locked.has(accountKey(this.key.emailFingerprint(m.email)).key)).map((m) => m.id);
  }

  private nowIso() {
    return this.deps.clock().toISOString();
  }

  private oneTimePasswordExpiry() {
    return this.deps.clock().getTime() + ONE_TIME_PASSWORD_LIFETIME_MS;
  }

  private async toRecord(row: StaffRow): Promise<StaffRecord> {
    const [activeSessions, secondFactors, lockedUntil] = await Promise.all([
      this.sessions.countFor(row.id),
      this.factors.kinds(row.id),
      this.lockedUntil(row.email),
    ]);
    return {
      id: row.id,
      email: row.email,
      role: row.role,
      disabled: row.disabled,
      mustChangePassword: row.mustChangePassword,
      oneTimePasswordExpiresAt: row.oneTimePasswordExpiresAt ? new Date(row.oneTimePasswordExpiresAt).toISOString() : null,
      lastSeenAt: row.lastSeenAt ? new Date(row.lastSeenAt).toISOString() : null,
      activeSessions,
      secondFactors,
      secondFactorRequired: this.factors.required(row.role),
      lockedUntil: lockedUntil ? new Date(lockedUntil).toISOString() : null,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  private async row(id: number): Promise<StaffRow> {
    const row = await this.store.staffById(id);
    if (!row) throw notFound('That staff member');
    return row;
  }

  /** A change of the member with its audit entry, which `decide` may refuse; 404 when there is no such member. */
  private async write(id: number, decide: Parameters<AuthStore['writeStaff']>[1]) {
    const written = await this.store.writeStaff(id, decide);
    if (!written) throw notFound('That staff member');
    return written;
  }

  /** A change no rule refuses. */
  private async change(id: number, decide: (before: StaffRow) => StaffWrite): Promise<StaffWritten> {
    const written = await this.write(id, decide);
    if ('refused' in written) throw new Error('a staff change that cannot be refused was refused');
    return written;
  }

  findByEmail(email: string): Promise<StaffRow | undefined> {
    return this.store.staffByEmail(normalizeEmail(email));
  }

  byId(id: number): Promise<StaffRow | undefined> {
    return this.store.staffById(id);
  }

  async get(id: number): Promise<StaffRecord> {
    return this.toRecord(await this.row(id));
  }

  async list(q: {
    sort: { field: StaffSort; order: 'ASC' | 'DESC' };
    start: number;
    limit: number;
    filter: StaffFilter;
  }): Promise<{ rows: StaffRecord[]; total: number }> {
    const f = q.filter;
    const locked = f.locked === undefined ? [] : await this.lockedIds();
    const { rows, total } = await this.store.listStaff({
      sort: q.sort,
      start: q.start,
      limit: q.limit,
      emailContains: f.q ? f.q.trim().toLowerCase() : undefined,
      role: f.role,
      disabled: f.disabled,
      ids: f.locked === true ? (f.id ? f.id.filter((id) => locked.includes(id)) : locked) : f.id,
      notIds: f.locked === false ? locked : undefined,
    });
    return { rows: await Promise.all(rows.map((r) => this.toRecord(r))), total };
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
    const taken = () => conflict('A staff member with this e-mail address already exists.', { email: 'is already in use' });
    if (await this.findByEmail(email)) throw taken();
    const given = input.password !== undefined || input.passwordHash !== undefined;
    const oneTimePassword = given ? undefined : newOneTimePassword();
    const passwordHash = input.passwordHash ?? (await hashPassword(input.password ?? oneTimePassword!));
    const now = this.nowIso();
    // The address is checked again as the row is written: the hash took a while, someone may have been faster.
    const row = await this.store.insertStaff(
      {
        email,
        role: input.role,
        passwordHash,
        mustChangePassword: input.mustChangePassword ?? true,
        oneTimePasswordExpiresAt: oneTimePassword ? this.oneTimePasswordExpiry() : null,
        disabled: false,
        createdAt: now,
        updatedAt: now,
      },
      (created) => ({
        ...origin,
        action: 'staff.create',
        outcome: 'succeeded',
        target: { type: 'staff', id: String(created.id) },
        request: { email, role: input.role },
        after: auditView(created),
      }),
    );
    if (!row) throw taken();
    return { record: await this.toRecord(row), oneTimePassword };
  }

  /**
   * Changes role and/or disabled. A role change or disabling ends all the member's sessions at
   * once. The last active admin can be neither disabled nor demoted (409): someone must remain
   * who can manage staff.
   */
  async update(id: number, patch: { role?: Role; disabled?: boolean }, origin: RequestOrigin): Promise<StaffRecord> {
    const outcome = await this.write(id, (before, otherActiveAdmins) => {
      const role = patch.role ?? before.role;
      const disabled = patch.disabled ?? before.disabled;
      const losesAdmin = before.role === 'admin' && !before.disabled && (role !== 'admin' || disabled);
      if (losesAdmin && otherActiveAdmins === 0) return null;
      const endSessions = role !== before.role || (disabled && !before.disabled);
      return {
        set: { role, disabled, updatedAt: this.nowIso() },
        endSessions: endSessions ? {} : undefined,
        audit: ({ after, sessionsEnded }) => ({
          ...origin,
          action: 'staff.update',
          outcome: 'succeeded',
          target: { type: 'staff', id: String(id) },
          request: patch,
          before: auditView(before),
          after: { ...auditView(after), sessionsEnded },
        }),
      };
    });
    if ('refused' in outcome) {
      const message = 'This is the last active admin: make another member admin first, then try again.';
      await this.deps.audit.append({
        ...origin,
        action: 'staff.update',
        outcome: 'failed',
        target: { type: 'staff', id: String(id) },
        request: patch,
        before: auditView(outcome.refused),
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
    return this.toRecord(outcome.after);
  }

  /** Signs a member out everywhere (a lost laptop, a shared screen). */
  async endSessions(id: number, origin: RequestOrigin): Promise<{ record: StaffRecord; sessionsEnded: number }> {
    const written = await this.change(id, (before) => ({
      endSessions: {},
      audit: ({ sessionsEnded }) => ({
        ...origin,
        action: 'staff.sessions.end',
        outcome: 'succeeded',
        target: { type: 'staff', id: String(id) },
        before: auditView(before),
        after: { sessionsEnded },
      }),
    }));
    return { record: await this.toRecord(written.after), sessionsEnded: written.sessionsEnded };
  }

  /**
   * Replaces a member's password with a new one-time password (answered once), ends their
   * sessions, and makes them choose their own at next sign-in. An admin never sets a chosen password.
   */
  async resetPassword(id: number, origin: RequestOrigin): Promise<{ record: StaffRecord; oneTimePassword: string }> {
    await this.row(id);
    const oneTimePassword = newOneTimePassword();
    const passwordHash = await hashPassword(oneTimePassword);
    const written = await this.change(id, (before) => ({
      set: { passwordHash, mustChangePassword: true, oneTimePasswordExpiresAt: this.oneTimePasswordExpiry(), updatedAt: this.nowIso() },
      endSessions: {},
      audit: ({ after, sessionsEnded }) => ({
        ...origin,
        action: 'staff.password.reset',
        outcome: 'succeeded',
        target: { type: 'staff', id: String(id) },
        before: auditView(before),
        after: { ...auditView(after), sessionsEnded },
      }),
    }));
    return { record: await this.toRecord(written.after), oneTimePassword };
  }

  /**
   * Removes every second factor and recovery code of a member (a lost phone, a lost key) and ends
   * their sessions and unfinished sign-ins. A member whose role requires one enrols again at their
   * next sign-in.
   */
  async resetSecondFactors(id: number, origin: RequestOrigin): Promise<{ record: StaffRecord; factorsRemoved: number }> {
    const written = await this.change(id, (before) => ({
      removeSecondFactors: true,
      endSessions: {},
      audit: ({ factorsRemoved, sessionsEnded }) => ({
        ...origin,
        action: 'staff.secondFactors.reset',
        outcome: 'succeeded',
        target: { type: 'staff', id: String(id) },
        before: { ...auditView(before), secondFactors: kindsOf(factorsRemoved) },
        after: {
          secondFactors: [],
          factorsRemoved: factorsRemoved.length,
          sessionsEnded,
          enrolAtNextSignIn: this.factors.required(before.role),
        },
      }),
    }));
    return { record: await this.toRecord(written.after), factorsRemoved: written.factorsRemoved.length };
  }

  /**
   * Stores a member's own new password (after the caller has checked it), ends their other
   * sessions and opens one for this browser, with the audit entry `audit` builds.
   */
  setOwnPassword(id: number, passwordHash: string, session: Omit<NewSession, 'staffId'>, audit: (written: StaffWritten) => AuditInput): Promise<StaffWritten> {
    return this.change(id, () => ({
      set: { passwordHash, mustChangePassword: false, oneTimePasswordExpiresAt: null, updatedAt: this.nowIso() },
      endSessions: {},
      openSession: session,
      audit,
    }));
  }

  /** Keeps a stronger hash of the same password (the cost parameters went up). */
  rehash(id: number, passwordHash: string): Promise<void> {
    return this.store.setPasswordHash(id, passwordHash);
  }

  count(): Promise<number> {
    return this.store.countStaff();
  }
}

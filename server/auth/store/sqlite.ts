import { and, asc, count, eq, isNull, lt, ne, or, type SQL } from 'drizzle-orm';
import { durableTransaction } from '../../../db/connection.ts';
import { pendingFactorEnrolments, pendingSignIns, staff, staffRecoveryCodes, staffSecondFactors } from '../../../db/schema.ts';
import type { SqliteEngine } from '../../storage/engine.ts';
import { escapeLike, staffQueryOrder, staffQueryWhere } from './staff-query.ts';
import type { AuthStore, FactorRow, SessionLookup, StaffWritten, ThrottleRow } from './types.ts';

type RawSession = Omit<SessionLookup, 'mustChangePassword' | 'disabled'> & { mustChangePassword: number; disabled: number };

/**
 * The auth store on SQLite: better-sqlite3, synchronous inside (each method one promise for one
 * job), prepared statements for what every request does (the session lookup), and every write with
 * its audit entry in one durable transaction. One process writes at a time, so a read followed by
 * a write inside one synchronous transaction is already atomic.
 */
export function sqliteAuthStore(engine: SqliteEngine): AuthStore {
  const { db, audit } = engine;
  const s = db.$client;
  const insertSession = s.prepare('INSERT INTO staff_sessions (token_hash, staff_id, created_at, last_seen_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?)');
  const lookupSession = s.prepare<[string], RawSession>(`SELECT ss.id AS sessionId, ss.created_at AS createdAt, ss.last_seen_at AS lastSeenAt,
      st.id AS staffId, st.email, st.role, st.must_change_password AS mustChangePassword, st.disabled
    FROM staff_sessions ss JOIN staff st ON st.id = ss.staff_id WHERE ss.token_hash = ?`);
  const touchSession = s.prepare('UPDATE staff_sessions SET last_seen_at = ? WHERE id = ?');
  const touchStaff = s.prepare('UPDATE staff SET last_seen_at = ? WHERE id = ?');
  const deleteSession = s.prepare('DELETE FROM staff_sessions WHERE id = ?');
  const deleteSessionsOf = s.prepare('DELETE FROM staff_sessions WHERE staff_id = ?');
  const deleteSessionsOfBut = s.prepare('DELETE FROM staff_sessions WHERE staff_id = ? AND id <> ?');
  const countSessions = s.prepare<[number, number, number], { n: number }>(
    'SELECT count(*) AS n FROM staff_sessions WHERE staff_id = ? AND last_seen_at >= ? AND created_at >= ?',
  );
  const readThrottle = s.prepare<[string], { key: string; failures: number; firstFailureAt: number; lockedUntil: number | null }>(
    'SELECT key, failures, first_failure_at AS firstFailureAt, locked_until AS lockedUntil FROM login_throttle WHERE key = ?',
  );
  const upsertThrottle =
    s.prepare(`INSERT INTO login_throttle (key, failures, first_failure_at, locked_until) VALUES (@key, @failures, @firstFailureAt, @lockedUntil)
      ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, first_failure_at = excluded.first_failure_at, locked_until = excluded.locked_until`);
  const removeThrottle = s.prepare('DELETE FROM login_throttle WHERE key = ?');

  const staffRow = (id: number) => db.select().from(staff).where(eq(staff.id, id)).get();
  const factorRows = (staffId: number) =>
    db.select().from(staffSecondFactors).where(eq(staffSecondFactors.staffId, staffId)).orderBy(asc(staffSecondFactors.id)).all();
  const insertCodes = (staffId: number, hashes: string[], createdAt: string) => {
    db.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, staffId)).run();
    for (const codeHash of hashes) db.insert(staffRecoveryCodes).values({ staffId, codeHash, createdAt }).run();
  };
  const endSessionsOf = (staffId: number, except?: number) =>
    (except === undefined ? deleteSessionsOf.run(staffId) : deleteSessionsOfBut.run(staffId, except)).changes;
  const createSession = (n: { tokenHash: string; staffId: number; now: number; ip: string | null; userAgent: string | null }) => {
    const result = insertSession.run(n.tokenHash, n.staffId, n.now, n.now, n.ip, n.userAgent);
    touchStaff.run(n.now, n.staffId);
    return Number(result.lastInsertRowid);
  };

  return {
    staffById: async (id) => staffRow(id),
    staffByEmail: async (email) => db.select().from(staff).where(eq(staff.email, email)).get(),
    staffEmails: async () => db.select({ id: staff.id, email: staff.email }).from(staff).all(),
    async listStaff(q) {
      const condition = staffQueryWhere(staff, q);
      const rows = db
        .select()
        .from(staff)
        .where(condition)
        .orderBy(...staffQueryOrder(staff, q.sort))
        .limit(q.limit)
        .offset(q.start)
        .all();
      const total = db.select({ n: count() }).from(staff).where(condition).get()?.n ?? 0;
      return { rows, total };
    },
    countStaff: async () => db.select({ n: count() }).from(staff).get()?.n ?? 0,
    async insertStaff(values, auditOf) {
      return durableTransaction(db, () => {
        if (db.select({ id: staff.id }).from(staff).where(eq(staff.email, values.email)).get()) return null;
        const row = db.insert(staff).values(values).returning().get();
        audit.record(auditOf(row));
        return row;
      });
    },
    async writeStaff(id, decide) {
      return durableTransaction(db, () => {
        const before = staffRow(id);
        if (!before) return undefined;
        const otherActiveAdmins =
          db
            .select({ n: count() })
            .from(staff)
            .where(and(eq(staff.role, 'admin'), eq(staff.disabled, false), ne(staff.id, id)))
            .get()?.n ?? 0;
        const write = decide(before, otherActiveAdmins);
        if (!write) return { refused: before };
        const after = write.set ? db.update(staff).set(write.set).where(eq(staff.id, id)).returning().get()! : before;
        const factorsRemoved: FactorRow[] = write.removeSecondFactors ? factorRows(id) : [];
        if (write.removeSecondFactors) {
          db.delete(staffSecondFactors).where(eq(staffSecondFactors.staffId, id)).run();
          db.delete(pendingFactorEnrolments).where(eq(pendingFactorEnrolments.staffId, id)).run();
          db.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, id)).run();
          db.delete(pendingSignIns).where(eq(pendingSignIns.staffId, id)).run();
        }
        const sessionsEnded = write.endSessions ? endSessionsOf(id, write.endSessions.exceptSessionId) : 0;
        const sessionId = write.openSession ? createSession({ ...write.openSession, staffId: id }) : null;
        const written: StaffWritten = { before, after, sessionsEnded, factorsRemoved, sessionId };
        audit.record(write.audit(written));
        return written;
      });
    },
    async setPasswordHash(id, passwordHash) {
      db.update(staff).set({ passwordHash }).where(eq(staff.id, id)).run();
    },

    createSession: async (session) => createSession(session),
    async sessionByTokenHash(tokenHash) {
      const row = lookupSession.get(tokenHash);
      return row && { ...row, mustChangePassword: row.mustChangePassword === 1, disabled: row.disabled === 1 };
    },
    async touchSession(sessionId, staffId, now) {
      touchSession.run(now, sessionId);
      touchStaff.run(now, staffId);
    },
    endSession: async (sessionId) => deleteSession.run(sessionId).changes > 0,
    endSessionsOf: async (staffId, except) => endSessionsOf(staffId, except),
    liveSessionCount: async (staffId, seenSince, createdSince) => countSessions.get(staffId, seenSince, createdSince)?.n ?? 0,

    throttleRows: async (keys) => keys.map((k) => readThrottle.get(k)).filter((r): r is ThrottleRow => r !== undefined),
    async changeThrottle(keys, decide) {
      const tx = s.transaction(() => {
        const rows = new Map<string, ThrottleRow>();
        for (const key of keys) {
          const row = readThrottle.get(key);
          if (row) rows.set(key, row);
        }
        const decision = decide(rows);
        for (const row of decision.upsert) upsertThrottle.run(row);
        for (const key of decision.remove) removeThrottle.run(key);
        return decision.result;
      });
      return tx.immediate();
    },
    async lockedThrottleRows(prefix, now, minFailures) {
      return s
        .prepare<[string, number, number], ThrottleRow>(
          `SELECT key, failures, first_failure_at AS firstFailureAt, locked_until AS lockedUntil FROM login_throttle
           WHERE key LIKE ? ESCAPE '\\' AND locked_until > ? AND failures >= ?`,
        )
        .all(`${escapeLike(prefix)}%`, now, minFailures);
    },

    async createPendingSignIn(values, now) {
      db.delete(pendingSignIns).where(lt(pendingSignIns.expiresAt, now)).run();
      db.insert(pendingSignIns).values(values).run();
    },
    pendingSignInByTokenHash: async (tokenHash) => db.select().from(pendingSignIns).where(eq(pendingSignIns.tokenHash, tokenHash)).get(),
    async setPendingSignInChallenge(id, challenge) {
      db.update(pendingSignIns).set({ challenge }).where(eq(pendingSignIns.id, id)).run();
    },
    async countPendingSignInFailure(id) {
      const row = s.prepare<[number], { failures: number }>('UPDATE pending_sign_ins SET failures = failures + 1 WHERE id = ? RETURNING failures').get(id);
      return row?.failures ?? null;
    },
    endPendingSignIn: async (id) => db.delete(pendingSignIns).where(eq(pendingSignIns.id, id)).run().changes > 0,

    factorsOf: async (staffId) => factorRows(staffId),
    async pendingEnrolment(staffId, kind, now) {
      db.delete(pendingFactorEnrolments).where(lt(pendingFactorEnrolments.expiresAt, now)).run();
      return db
        .select()
        .from(pendingFactorEnrolments)
        .where(and(eq(pendingFactorEnrolments.staffId, staffId), eq(pendingFactorEnrolments.kind, kind)))
        .get();
    },
    async keepPendingEnrolment(row) {
      db.insert(pendingFactorEnrolments)
        .values(row)
        .onConflictDoUpdate({ target: [pendingFactorEnrolments.staffId, pendingFactorEnrolments.kind], set: row })
        .run();
    },
    async addFactor(values, recoveryCodeHashes, auditOf) {
      return durableTransaction(db, () => {
        const first = factorRows(values.staffId).length === 0;
        const row = db.insert(staffSecondFactors).values(values).returning().get();
        db.delete(pendingFactorEnrolments)
          .where(and(eq(pendingFactorEnrolments.staffId, values.staffId), eq(pendingFactorEnrolments.kind, values.kind)))
          .run();
        if (first) insertCodes(values.staffId, recoveryCodeHashes, values.createdAt);
        audit.record(auditOf(row, first));
        return { row, first };
      });
    },
    async removeFactor(staffId, factorId, allow, auditOf) {
      return durableTransaction(db, () => {
        const rows = factorRows(staffId);
        const row = rows.find((r) => r.id === factorId);
        if (!row) return undefined;
        allow(rows);
        db.delete(staffSecondFactors).where(eq(staffSecondFactors.id, row.id)).run();
        if (rows.length === 1) db.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, staffId)).run();
        audit.record(auditOf(row, rows.length - 1));
        return row;
      });
    },
    async spendTotpStep(factorId, step, usedAt) {
      return db
        .update(staffSecondFactors)
        .set({ totpLastStep: step, lastUsedAt: usedAt })
        .where(and(eq(staffSecondFactors.id, factorId), sqlStepIsNew(step)))
        .returning()
        .get();
    },
    recordPasskeyUse: async (factorId, signCount, usedAt) =>
      db.update(staffSecondFactors).set({ signCount, lastUsedAt: usedAt }).where(eq(staffSecondFactors.id, factorId)).returning().get(),

    async replaceRecoveryCodes(staffId, codeHashes, createdAt, entry) {
      return durableTransaction(db, () => {
        if (factorRows(staffId).length === 0) return false;
        insertCodes(staffId, codeHashes, createdAt);
        audit.record(entry);
        return true;
      });
    },
    unusedRecoveryCodes: async (staffId) =>
      db
        .select({ id: staffRecoveryCodes.id, codeHash: staffRecoveryCodes.codeHash })
        .from(staffRecoveryCodes)
        .where(and(eq(staffRecoveryCodes.staffId, staffId), isNull(staffRecoveryCodes.usedAt)))
        .all(),
    spendRecoveryCode: async (id, usedAt) =>
      db
        .update(staffRecoveryCodes)
        .set({ usedAt })
        .where(and(eq(staffRecoveryCodes.id, id), isNull(staffRecoveryCodes.usedAt)))
        .run().changes > 0,
    recoveryCodesLeft: async (staffId) =>
      db
        .select({ n: count() })
        .from(staffRecoveryCodes)
        .where(and(eq(staffRecoveryCodes.staffId, staffId), isNull(staffRecoveryCodes.usedAt)))
        .get()?.n ?? 0,
  };
}

/** The factor's last used step is older than `step` (or there is none). */
function sqlStepIsNew(step: number): SQL {
  return or(isNull(staffSecondFactors.totpLastStep), lt(staffSecondFactors.totpLastStep, step))!;
}

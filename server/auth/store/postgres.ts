import { and, asc, count, eq, inArray, isNull, like, lt, ne, or, sql } from 'drizzle-orm';
import { loginThrottle, pendingFactorEnrolments, pendingSignIns, staff, staffRecoveryCodes, staffSecondFactors, staffSessions } from '../../../db/schema.pg.ts';
import { ADVISORY_LOCKS } from '../../../db/pg-locks.ts';
import type { PgTx } from '../../../db/pg.ts';
import type { PostgresEngine } from '../../storage/engine.ts';
import { escapeLike, staffQueryOrder, staffQueryWhere } from './staff-query.ts';
import type { AuthStore, FactorRow, NewSession, SessionLookup, StaffWritten } from './types.ts';

/** Every request reads its session: one prepared statement, parsed once per connection. */
const LOOKUP_SESSION = {
  name: 'subdesk_auth_session_lookup',
  text: `SELECT ss.id AS "sessionId", ss.created_at AS "createdAt", ss.last_seen_at AS "lastSeenAt", st.id AS "staffId", st.email, st.role,
      st.must_change_password AS "mustChangePassword", st.disabled
    FROM staff_sessions ss JOIN staff st ON st.id = ss.staff_id WHERE ss.token_hash = $1`,
};

/**
 * The auth store on PostgreSQL, shared by every instance. What SQLite got from being one process
 * writing at a time is said here in SQL:
 *  - throttle counters are read and written under a transaction lock per key, so attempts from two
 *    instances on one account take turns and each sees the other's count;
 *  - a pending sign-in, a TOTP step and a recovery code are spent by a conditional DELETE or
 *    UPDATE, so only one request (on whichever instance) gets them;
 *  - a member's row is locked (FOR UPDATE) for a staff change, with every enabled admin's, so two
 *    admins demoting each other at once cannot leave none; and for a factor change, so two first
 *    factors cannot both issue recovery codes.
 */
export function postgresAuthStore(engine: PostgresEngine): AuthStore {
  const { db, audit } = engine;
  const pool = db.$client;

  const createSession = async (q: PgTx | typeof db, n: NewSession) => {
    const [row] = await q
      .insert(staffSessions)
      .values({ tokenHash: n.tokenHash, staffId: n.staffId, createdAt: n.now, lastSeenAt: n.now, ip: n.ip, userAgent: n.userAgent })
      .returning({ id: staffSessions.id });
    await q.update(staff).set({ lastSeenAt: n.now }).where(eq(staff.id, n.staffId));
    return row!.id;
  };
  const endSessionsOf = async (q: PgTx | typeof db, staffId: number, except?: number) => {
    const where = except === undefined ? eq(staffSessions.staffId, staffId) : and(eq(staffSessions.staffId, staffId), ne(staffSessions.id, except));
    return (await q.delete(staffSessions).where(where).returning({ id: staffSessions.id })).length;
  };
  const factorRows = (q: PgTx | typeof db, staffId: number) =>
    q.select().from(staffSecondFactors).where(eq(staffSecondFactors.staffId, staffId)).orderBy(asc(staffSecondFactors.id));
  /** The member's row locked until the commit: their factor changes take turns. */
  const lockMember = (tx: PgTx, staffId: number) => tx.execute(sql`SELECT 1 FROM staff WHERE id = ${staffId} FOR UPDATE`);
  const insertCodes = async (tx: PgTx, staffId: number, hashes: string[], createdAt: string) => {
    await tx.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, staffId));
    if (hashes.length) await tx.insert(staffRecoveryCodes).values(hashes.map((codeHash) => ({ staffId, codeHash, createdAt })));
  };

  return {
    staffById: async (id) => (await db.select().from(staff).where(eq(staff.id, id)))[0],
    staffByEmail: async (email) => (await db.select().from(staff).where(eq(staff.email, email)))[0],
    staffEmails: () => db.select({ id: staff.id, email: staff.email }).from(staff),
    async listStaff(q) {
      const condition = staffQueryWhere(staff, q);
      const [rows, totals] = await Promise.all([
        db
          .select()
          .from(staff)
          .where(condition)
          .orderBy(...staffQueryOrder(staff, q.sort))
          .limit(q.limit)
          .offset(q.start),
        db.select({ n: count() }).from(staff).where(condition),
      ]);
      return { rows, total: totals[0]?.n ?? 0 };
    },
    countStaff: async () => (await db.select({ n: count() }).from(staff))[0]?.n ?? 0,
    insertStaff(values, auditOf) {
      return audit.inTransaction(async (tx) => {
        const [row] = await tx.insert(staff).values(values).onConflictDoNothing({ target: staff.email }).returning();
        if (!row) return null;
        await audit.appendAll(tx, [auditOf(row)]);
        return row;
      });
    },
    writeStaff(id, decide) {
      return audit.inTransaction(async (tx) => {
        // The member and every enabled admin, locked in one order: the last-admin rule holds across instances.
        const locked = await tx
          .select()
          .from(staff)
          .where(or(eq(staff.id, id), and(eq(staff.role, 'admin'), eq(staff.disabled, false))))
          .orderBy(asc(staff.id))
          .for('update');
        const before = locked.find((r) => r.id === id);
        if (!before) return undefined;
        const otherActiveAdmins = locked.filter((r) => r.id !== id && r.role === 'admin' && !r.disabled).length;
        const write = decide(before, otherActiveAdmins);
        if (!write) return { refused: before };
        const after = write.set ? (await tx.update(staff).set(write.set).where(eq(staff.id, id)).returning())[0]! : before;
        const factorsRemoved: FactorRow[] = write.removeSecondFactors ? await factorRows(tx, id) : [];
        if (write.removeSecondFactors) {
          await tx.delete(staffSecondFactors).where(eq(staffSecondFactors.staffId, id));
          await tx.delete(pendingFactorEnrolments).where(eq(pendingFactorEnrolments.staffId, id));
          await tx.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, id));
          await tx.delete(pendingSignIns).where(eq(pendingSignIns.staffId, id));
        }
        const sessionsEnded = write.endSessions ? await endSessionsOf(tx, id, write.endSessions.exceptSessionId) : 0;
        const sessionId = write.openSession ? await createSession(tx, { ...write.openSession, staffId: id }) : null;
        const written: StaffWritten = { before, after, sessionsEnded, factorsRemoved, sessionId };
        await audit.appendAll(tx, [write.audit(written)]);
        return written;
      });
    },
    async setPasswordHash(id, passwordHash) {
      await db.update(staff).set({ passwordHash }).where(eq(staff.id, id));
    },

    createSession: (session) => createSession(db, session),
    async sessionByTokenHash(tokenHash) {
      const { rows } = await pool.query<SessionLookup>({ ...LOOKUP_SESSION, values: [tokenHash] });
      return rows[0];
    },
    async touchSession(sessionId, staffId, now) {
      await pool.query('WITH touched AS (UPDATE staff_sessions SET last_seen_at = $1 WHERE id = $2) UPDATE staff SET last_seen_at = $1 WHERE id = $3', [
        now,
        sessionId,
        staffId,
      ]);
    },
    endSession: async (sessionId) => (await db.delete(staffSessions).where(eq(staffSessions.id, sessionId)).returning({ id: staffSessions.id })).length > 0,
    endSessionsOf: (staffId, except) => endSessionsOf(db, staffId, except),
    async liveSessionCount(staffId, seenSince, createdSince) {
      const [row] = await db
        .select({ n: count() })
        .from(staffSessions)
        .where(and(eq(staffSessions.staffId, staffId), sql`${staffSessions.lastSeenAt} >= ${seenSince}`, sql`${staffSessions.createdAt} >= ${createdSince}`));
      return row?.n ?? 0;
    },

    throttleRows: async (keys) => (keys.length ? db.select().from(loginThrottle).where(inArray(loginThrottle.key, keys)) : []),
    changeThrottle(keys, decide) {
      return db.transaction(
        async (tx) => {
          // Sorted, so two attempts naming the same keys never wait on each other in a circle.
          for (const key of [...new Set(keys)].sort()) await tx.execute(sql`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.signInThrottle}, hashtext(${key}))`);
          const found = keys.length ? await tx.select().from(loginThrottle).where(inArray(loginThrottle.key, keys)) : [];
          const decision = decide(new Map(found.map((r) => [r.key, r])));
          if (decision.upsert.length)
            await tx
              .insert(loginThrottle)
              .values(decision.upsert)
              .onConflictDoUpdate({
                target: loginThrottle.key,
                set: { failures: sql`excluded.failures`, firstFailureAt: sql`excluded.first_failure_at`, lockedUntil: sql`excluded.locked_until` },
              });
          if (decision.remove.length) await tx.delete(loginThrottle).where(inArray(loginThrottle.key, decision.remove));
          return decision.result;
        },
        { isolationLevel: 'read committed' },
      );
    },
    lockedThrottleRows: (prefix, now, minFailures) =>
      db
        .select()
        .from(loginThrottle)
        .where(
          and(like(loginThrottle.key, `${escapeLike(prefix)}%`), sql`${loginThrottle.lockedUntil} > ${now}`, sql`${loginThrottle.failures} >= ${minFailures}`),
        ),

    async createPendingSignIn(values, now) {
      await db.delete(pendingSignIns).where(lt(pendingSignIns.expiresAt, now));
      await db.insert(pendingSignIns).values(values);
    },
    pendingSignInByTokenHash: async (tokenHash) => (await db.select().from(pendingSignIns).where(eq(pendingSignIns.tokenHash, tokenHash)))[0],
    async setPendingSignInChallenge(id, challenge) {
      await db.update(pendingSignIns).set({ challenge }).where(eq(pendingSignIns.id, id));
    },
    async countPendingSignInFailure(id) {
      const [row] = await db
        .update(pendingSignIns)
        .set({ failures: sql`${pendingSignIns.failures} + 1` })
        .where(eq(pendingSignIns.id, id))
        .returning({ failures: pendingSignIns.failures });
      return row?.failures ?? null;
    },
    endPendingSignIn: async (id) => (await db.delete(pendingSignIns).where(eq(pendingSignIns.id, id)).returning({ id: pendingSignIns.id })).length > 0,

    factorsOf: (staffId) => factorRows(db, staffId),
    async pendingEnrolment(staffId, kind, now) {
      await db.delete(pendingFactorEnrolments).where(lt(pendingFactorEnrolments.expiresAt, now));
      const [row] = await db
        .select()
        .from(pendingFactorEnrolments)
        .where(and(eq(pendingFactorEnrolments.staffId, staffId), eq(pendingFactorEnrolments.kind, kind)));
      return row;
    },
    async keepPendingEnrolment(row) {
      await db
        .insert(pendingFactorEnrolments)
        .values(row)
        .onConflictDoUpdate({ target: [pendingFactorEnrolments.staffId, pendingFactorEnrolments.kind], set: row });
    },
    addFactor(values, recoveryCodeHashes, auditOf) {
      return audit.inTransaction(async (tx) => {
        await lockMember(tx, values.staffId);
        const first = (await factorRows(tx, values.staffId)).length === 0;
        const [row] = await tx.insert(staffSecondFactors).values(values).returning();
        await tx.delete(pendingFactorEnrolments).where(and(eq(pendingFactorEnrolments.staffId, values.staffId), eq(pendingFactorEnrolments.kind, values.kind)));
        if (first) await insertCodes(tx, values.staffId, recoveryCodeHashes, values.createdAt);
        await audit.appendAll(tx, [auditOf(row!, first)]);
        return { row: row!, first };
      });
    },
    removeFactor(staffId, factorId, allow, auditOf) {
      return audit.inTransaction(async (tx) => {
        await lockMember(tx, staffId);
        const rows = await factorRows(tx, staffId);
        const row = rows.find((r) => r.id === factorId);
        if (!row) return undefined;
        allow(rows);
        await tx.delete(staffSecondFactors).where(eq(staffSecondFactors.id, row.id));
        if (rows.length === 1) await tx.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, staffId));
        await audit.appendAll(tx, [auditOf(row, rows.length - 1)]);
        return row;
      });
    },
    async spendTotpStep(factorId, step, usedAt) {
      const [row] = await db
        .update(staffSecondFactors)
        .set({ totpLastStep: step, lastUsedAt: usedAt })
        .where(and(eq(staffSecondFactors.id, factorId), or(isNull(staffSecondFactors.totpLastStep), lt(staffSecondFactors.totpLastStep, step))))
        .returning();
      return row;
    },
    recordPasskeyUse: async (factorId, signCount, usedAt) =>
      (await db.update(staffSecondFactors).set({ signCount, lastUsedAt: usedAt }).where(eq(staffSecondFactors.id, factorId)).returning())[0],

    replaceRecoveryCodes(staffId, codeHashes, createdAt, entry) {
      return audit.inTransaction(async (tx) => {
        await lockMember(tx, staffId);
        if ((await factorRows(tx, staffId)).length === 0) return false;
        await insertCodes(tx, staffId, codeHashes, createdAt);
        await audit.appendAll(tx, [entry]);
        return true;
      });
    },
    unusedRecoveryCodes: (staffId) =>
      db
        .select({ id: staffRecoveryCodes.id, codeHash: staffRecoveryCodes.codeHash })
        .from(staffRecoveryCodes)
        .where(and(eq(staffRecoveryCodes.staffId, staffId), isNull(staffRecoveryCodes.usedAt))),
    spendRecoveryCode: async (id, usedAt) =>
      (
        await db
          .update(staffRecoveryCodes)
          .set({ usedAt })
          .where(and(eq(staffRecoveryCodes.id, id), isNull(staffRecoveryCodes.usedAt)))
          .returning({ id: staffRecoveryCodes.id })
      ).length > 0,
    recoveryCodesLeft: async (staffId) =>
      (
        await db
          .select({ n: count() })
          .from(staffRecoveryCodes)
          .where(and(eq(staffRecoveryCodes.staffId, staffId), isNull(staffRecoveryCodes.usedAt)))
      )[0]?.n ?? 0,
  };
}

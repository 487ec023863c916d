import { and, asc, count, desc, eq, inArray, lt } from 'drizzle-orm';
import { connectSessions } from '../../../db/schema.pg.ts';
import type { PostgresEngine } from '../../storage/engine.ts';
import { SETTLEABLE, type ConnectSessionsStore } from './types.ts';
import { sessionConditions } from './filter.ts';

/**
 * Two instances: the insert is ON CONFLICT (id) DO NOTHING, so a replayed click reaching the other
 * instance keeps one row; settling and revoking are UPDATEs conditional on the outcome, which
 * PostgreSQL re-checks on the row as committed when two race (READ COMMITTED), so only one
 * changes it, and only that one appends its audit entry, in the same transaction.
 */
export function postgresConnectSessionsStore({ db, audit }: PostgresEngine): ConnectSessionsStore {
  return {
    async insert(row) {
      await db.insert(connectSessions).values(row).onConflictDoNothing({ target: connectSessions.id });
    },
    async get(id) {
      const [row] = await db.select().from(connectSessions).where(eq(connectSessions.id, id));
      return row;
    },
    settleWithAudit({ id, outcome, callbackStatus, at }, entry) {
      return audit.inTransaction(async (tx) => {
        const changed = await tx
          .update(connectSessions)
          .set({ outcome, outcomeAt: at, callbackStatus })
          .where(and(eq(connectSessions.id, id), inArray(connectSessions.outcome, [...SETTLEABLE])))
          .returning({ id: connectSessions.id });
        if (changed.length !== 1) return false;
        await audit.appendAll(tx, [entry]);
        return true;
      });
    },
    revokeWithAudit({ id, at }, entry) {
      return audit.inTransaction(async (tx) => {
        const changed = await tx
          .update(connectSessions)
          .set({ outcome: 'revoked', outcomeAt: at })
          .where(and(eq(connectSessions.id, id), eq(connectSessions.outcome, 'pending')))
          .returning({ id: connectSessions.id });
        if (changed.length !== 1) return false;
        await audit.appendAll(tx, [entry]);
        return true;
      });
    },
    pendingBefore(before, limit) {
      return db
        .select()
        .from(connectSessions)
        .where(and(eq(connectSessions.outcome, 'pending'), lt(connectSessions.createdAt, before)))
        .orderBy(asc(connectSessions.createdAt))
        .limit(limit);
    },
    async list(q) {
      const cond = sessionConditions(connectSessions, q.filter);
      const col = connectSessions[q.sort.field];
      const [rows, [total]] = await Promise.all([
        db
          .select()
          .from(connectSessions)
          .where(cond)
          .orderBy(q.sort.order === 'ASC' ? asc(col) : desc(col), q.sort.order === 'ASC' ? asc(connectSessions.id) : desc(connectSessions.id))
          .limit(q.limit)
          .offset(q.start),
        db.select({ n: count() }).from(connectSessions).where(cond),
      ]);
      return { rows, total: total?.n ?? 0 };
    },
  };
}

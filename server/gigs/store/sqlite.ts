import { and, asc, count, desc, eq, inArray, lt } from 'drizzle-orm';
import { durableTransaction } from '../../../db/connection.ts';
import { connectSessions } from '../../../db/schema.ts';
import type { SqliteEngine } from '../../storage/engine.ts';
import { SETTLEABLE, type ConnectSessionRow, type ConnectSessionsStore } from './types.ts';
import { sessionConditions } from './filter.ts';

const fromRow = (r: typeof connectSessions.$inferSelect): ConnectSessionRow => ({ ...r, addonIds: r.addonIds ? (JSON.parse(r.addonIds) as string[]) : null });

export function sqliteConnectSessionsStore({ db, audit }: SqliteEngine): ConnectSessionsStore {
  return {
    async insert(row) {
      db.insert(connectSessions)
        .values({ ...row, addonIds: row.addonIds ? JSON.stringify(row.addonIds) : null })
        .onConflictDoNothing()
        .run();
    },
    async get(id) {
      const row = db.select().from(connectSessions).where(eq(connectSessions.id, id)).get();
      return row && fromRow(row);
    },
    async settleWithAudit({ id, outcome, callbackStatus, at }, entry) {
      return durableTransaction(db, () => {
        const res = db
          .update(connectSessions)
          .set({ outcome, outcomeAt: at, callbackStatus })
          .where(and(eq(connectSessions.id, id), inArray(connectSessions.outcome, [...SETTLEABLE])))
          .run();
        if (res.changes !== 1) return false;
        audit.record(entry);
        return true;
      });
    },
    async revokeWithAudit({ id, at }, entry) {
      return durableTransaction(db, () => {
        const res = db
          .update(connectSessions)
          .set({ outcome: 'revoked', outcomeAt: at })
          .where(and(eq(connectSessions.id, id), eq(connectSessions.outcome, 'pending')))
          .run();
        if (res.changes !== 1) return false;
        audit.record(entry);
        return true;
      });
    },
    async pendingBefore(before, limit) {
      return db
        .select()
        .from(connectSessions)
        .where(and(eq(connectSessions.outcome, 'pending'), lt(connectSessions.createdAt, before)))
        .orderBy(asc(connectSessions.createdAt))
        .limit(limit)
        .all()
        .map(fromRow);
    },
    async list(q) {
      const cond = sessionConditions(connectSessions, q.filter);
      const col = connectSessions[q.sort.field];
      const rows = db
        .select()
        .from(connectSessions)
        .where(cond)
        .orderBy(q.sort.order === 'ASC' ? asc(col) : desc(col), q.sort.order === 'ASC' ? asc(connectSessions.id) : desc(connectSessions.id))
        .limit(q.limit)
        .offset(q.start)
        .all();
      const total = db.select({ n: count() }).from(connectSessions).where(cond).get()?.n ?? 0;
      return { rows: rows.map(fromRow), total };
    },
  };
}

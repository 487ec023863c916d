import { and, asc, count, desc, eq, inArray, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/connection.ts';
import { connectSessions } from '../../db/schema.ts';

export type ConnectSessionRow = typeof connectSessions.$inferSelect;
export type Outcome = ConnectSessionRow['outcome'];
export const OUTCOMES = ['pending', 'completed', 'abandoned', 'failed', 'revoked'] as const;
/** Outcomes a callback or Gigs can still settle: a revoked link may still be used at Gigs (it documents no revoke). */
const SETTLEABLE: Outcome[] = ['pending', 'revoked'];

/** A row as the API answers it (never a url: the table has none). */
export function present(r: ConnectSessionRow) {
  return {
    id: r.id,
    customerId: r.customerId,
    staffId: r.staffId,
    staffEmail: r.staffEmail,
    intent: r.intent,
    subscriptionId: r.subscriptionId,
    planId: r.planId,
    addonIds: r.addonIds ? (JSON.parse(r.addonIds) as string[]) : [],
    gigsUserId: r.gigsUserId,
    requestId: r.requestId,
    createdAt: r.createdAt,
    outcome: r.outcome,
    outcomeAt: r.outcomeAt,
    callbackStatus: r.callbackStatus,
  };
}

export type SessionFilter = {
  staffEmail?: string;
  customerId?: string;
  subscriptionId?: string;
  intent?: string | string[];
  outcome?: string | string[];
  id?: string | string[];
};

const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

export function insertSession(db: Db, row: typeof connectSessions.$inferInsert): void {
  // A retry of the same click replays the same Gigs session: keep the first row.
  db.insert(connectSessions).values(row).onConflictDoNothing().run();
}

export function getSession(db: Db, id: string): ConnectSessionRow | undefined {
  return db.select().from(connectSessions).where(eq(connectSessions.id, id)).get();
}

export type SettledOutcome = Exclude<Outcome, 'pending' | 'revoked'>;

export const isSettleable = (r: ConnectSessionRow) => SETTLEABLE.includes(r.outcome);

/**
 * Settles a pending (or revoked) row; true only for the call that changed it, so that two
 * callbacks racing for the same session record one audit entry between them. A revoked link the
 * customer used anyway settles too: what happened at Gigs is what the row must say.
 */
export function settleSession(db: Db, id: string, outcome: SettledOutcome, callbackStatus: string | null, at: string): boolean {
  const res = db
    .update(connectSessions)
    .set({ outcome, outcomeAt: at, callbackStatus })
    .where(and(eq(connectSessions.id, id), inArray(connectSessions.outcome, SETTLEABLE)))
    .run();
  return res.changes === 1;
}

/** Withdraws a pending link in subdesk; true only for the call that changed it. */
export function revokeSession(db: Db, id: string, at: string): boolean {
  const res = db
    .update(connectSessions)
    .set({ outcome: 'revoked', outcomeAt: at })
    .where(and(eq(connectSessions.id, id), eq(connectSessions.outcome, 'pending')))
    .run();
  return res.changes === 1;
}

/** Rows still pending that were made before `before` (ISO), oldest first. */
export function pendingSessions(db: Db, before: string, limit: number): ConnectSessionRow[] {
  return db
    .select()
    .from(connectSessions)
    .where(and(eq(connectSessions.outcome, 'pending'), lt(connectSessions.createdAt, before)))
    .orderBy(asc(connectSessions.createdAt))
    .limit(limit)
    .all();
}

export function listSessions(
  db: Db,
  q: {
    filter: SessionFilter;
    sort: { field: 'id' | 'createdAt' | 'outcomeAt' | 'intent' | 'staffEmail' | 'outcome'; order: 'ASC' | 'DESC' };
    start: number;
    limit: number;
  },
) {
  const f = q.filter;
  const where: SQL[] = [];
  if (f.staffEmail) where.push(eq(connectSessions.staffEmail, f.staffEmail.trim().toLowerCase()));
  if (f.customerId) where.push(eq(connectSessions.customerId, f.customerId));
  if (f.subscriptionId) where.push(eq(connectSessions.subscriptionId, f.subscriptionId));
  if (f.intent) where.push(inArray(connectSessions.intent, list(f.intent)));
  if (f.outcome) where.push(inArray(connectSessions.outcome, list(f.outcome) as Outcome[]));
  if (f.id) where.push(inArray(connectSessions.id, list(f.id)));
  const cond = where.length ? and(...where) : undefined;
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
  return { rows: rows.map(present), total };
}

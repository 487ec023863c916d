import { count, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/connection.ts';
import { customerNotes } from '../../db/schema.ts';

export type NoteRow = typeof customerNotes.$inferSelect;

/** The notes table, read and written only through here. */
export function insertNote(db: Db, row: typeof customerNotes.$inferInsert): NoteRow {
  return db.insert(customerNotes).values(row).returning().get();
}

/** One customer's notes, newest first. */
export function listNotes(db: Db, customerId: string, start: number, limit: number): { rows: NoteRow[]; total: number } {
  const where = eq(customerNotes.customerId, customerId);
  const rows = db.select().from(customerNotes).where(where).orderBy(desc(customerNotes.id)).limit(limit).offset(start).all();
  const total = db.select({ n: count() }).from(customerNotes).where(where).get()?.n ?? 0;
  return { rows, total };
}

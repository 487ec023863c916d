import { count, desc, eq } from 'drizzle-orm';
import { durableTransaction } from '../../../db/connection.ts';
import { customerNotes } from '../../../db/schema.ts';
import type { SqliteEngine } from '../../storage/engine.ts';
import type { NotesStore } from './types.ts';

export function sqliteNotesStore({ db, audit }: SqliteEngine): NotesStore {
  return {
    async createWithAudit(note, entry) {
      return durableTransaction(db, () => {
        const written = db.insert(customerNotes).values(note).returning().get();
        audit.record(entry(written));
        return written;
      });
    },
    async list(customerId, start, limit) {
      const where = eq(customerNotes.customerId, customerId);
      const rows = db.select().from(customerNotes).where(where).orderBy(desc(customerNotes.id)).limit(limit).offset(start).all();
      const total = db.select({ n: count() }).from(customerNotes).where(where).get()?.n ?? 0;
      return { rows, total };
    },
  };
}

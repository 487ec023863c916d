import { count, desc, eq } from 'drizzle-orm';
import { customerNotes } from '../../../db/schema.pg.ts';
import type { PostgresEngine } from '../../storage/engine.ts';
import type { NotesStore } from './types.ts';

export function postgresNotesStore({ db, audit }: PostgresEngine): NotesStore {
  return {
    createWithAudit(note, entry) {
      return audit.inTransaction(async (tx) => {
        const [written] = await tx.insert(customerNotes).values(note).returning();
        await audit.appendAll(tx, [entry(written!)]);
        return written!;
      });
    },
    async list(customerId, start, limit) {
      const where = eq(customerNotes.customerId, customerId);
      const [rows, [total]] = await Promise.all([
        db.select().from(customerNotes).where(where).orderBy(desc(customerNotes.id)).limit(limit).offset(start),
        db.select({ n: count() }).from(customerNotes).where(where),
      ]);
      return { rows, total: total?.n ?? 0 };
    },
  };
}

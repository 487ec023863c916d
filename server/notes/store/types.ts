import type { customerNotes } from '../../../db/schema.ts';
import type { AuditInput } from '../../audit/log.ts';

export type NoteRow = typeof customerNotes.$inferSelect;
export type NewNote = Omit<typeof customerNotes.$inferInsert, 'id'>;

/** The notes table, read and written only through here (server/notes/store/index.ts picks the engine's). */
export type NotesStore = {
  /**
   * Writes the note and the audit entry `audit` makes of it in one durable transaction: both or
   * neither. The entry is made from the written row (it names the note's id).
   */
  createWithAudit(note: NewNote, audit: (written: NoteRow) => AuditInput): Promise<NoteRow>;
  /** One customer's notes, newest first, and how many there are. */
  list(customerId: string, start: number, limit: number): Promise<{ rows: NoteRow[]; total: number }>;
};

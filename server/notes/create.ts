import type { Deps } from '../deps.ts';
import type { RequestOrigin } from '../audit/log.ts';
import { notFound } from '../http/errors.ts';
import type { NoteRow } from './store/index.ts';
import type { CreateNoteBody } from './schemas.ts';

export const NOTE_ACTION = 'customer.note.create';

/**
 * Writes a staff member's note on a customer and its audit entry in one durable transaction:
 * both or neither. The entry carries the text (staff-written, not a secret), so the customer's
 * timeline and the audit log show the note itself.
 */
export async function createNote(deps: Deps, origin: RequestOrigin, staff: { id: number; email: string }, body: CreateNoteBody): Promise<NoteRow> {
  if (!(await deps.customers.search.byId(body.customerId))) throw notFound('That customer');
  return deps.notes.createWithAudit(
    {
      customerId: body.customerId,
      staffId: staff.id,
      staffEmail: staff.email,
      text: body.text,
      requestId: origin.requestId,
      createdAt: deps.clock().toISOString(),
    },
    (note) => ({
      ...origin,
      action: NOTE_ACTION,
      outcome: 'succeeded',
      target: { type: 'customer', id: body.customerId },
      customerId: body.customerId,
      request: { text: body.text },
      after: { noteId: note.id, text: note.text },
    }),
  );
}

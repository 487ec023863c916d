import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context.ts';
import { allow } from '../http/access.ts';
import { auditContext } from '../http/audit-context.ts';
import { validate } from '../http/validate.ts';
import { listQuery, sendPage } from '../http/list-query.ts';
import { createNoteBody, NOTE_LABELS } from '../notes/schemas.ts';
import { createNote } from '../notes/create.ts';
import { listNotes, type NoteRow } from '../notes/store.ts';

const listSchema = listQuery({
  sortable: ['id', 'createdAt'] as const,
  filter: z.strictObject({ customerId: z.string({ error: 'is required: notes are listed per customer' }).regex(/^cus_[a-z2-7]{20}$/, 'is not a customer id') }),
  defaultSort: ['id', 'DESC'],
}).refine((q) => Boolean((q.filter as { customerId?: string }).customerId), {
  message: 'name the customer: filter {"customerId": "cus_…"}',
  path: ['filter', 'customerId'],
});

const present = (n: NoteRow) => ({
  id: n.id,
  customerId: n.customerId,
  staffEmail: n.staffEmail,
  text: n.text,
  createdAt: n.createdAt,
  requestId: n.requestId,
});

/**
 * Internal notes staff write on a customer (support and admin, who work with customers). Each note
 * is audited as `customer.note.create` with its text, and shows on the customer's timeline.
 */
export const customerNotesRoutes = new Hono<AppEnv>()
  .get('/customer-notes', allow('customer-notes', 'list'), validate('query', listSchema), (c) => {
    const q = c.req.valid('query');
    const { rows, total } = listNotes(c.get('deps').db, q.filter.customerId, q.start, q.limit);
    return sendPage(c, 'customer-notes', q.start, rows.map(present), total);
  })
  .post('/customer-notes', allow('customer-notes', 'create'), validate('json', createNoteBody, NOTE_LABELS), async (c) => {
    const p = c.get('principal')!;
    const note = await createNote(c.get('deps'), auditContext(c), { id: p.id, email: p.email }, c.req.valid('json'));
    return c.json(present(note), 201);
  });

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNotesStore, type NewNote, type NotesStore } from '../../../server/notes/store/index.ts';
import type { AuditInput } from '../../../server/audit/log.ts';
import { auditActions, rowsOf, type EngineUnderTest } from './instances.ts';

const note = (customerId: string, text: string, createdAt = '2026-12-05T10:00:00.000Z'): NewNote => ({
  customerId,
  staffId: 7,
  staffEmail: 'agent@example.com',
  text,
  requestId: `req_${text}`,
  createdAt,
});

const entry = (written: { id: number; customerId: string; text: string }): AuditInput => ({
  requestId: `req_${written.text}`,
  actor: { type: 'staff', id: '7', email: 'agent@example.com', role: 'support' },
  action: 'customer.note.create',
  outcome: 'succeeded',
  target: { type: 'customer', id: written.customerId },
  customerId: written.customerId,
  request: { text: written.text },
  after: { noteId: written.id, text: written.text },
});

/** The notes store's behaviour, the same on every engine. */
export function notesStoreContract(under: EngineUnderTest) {
  describe('notes store', () => {
    let store: NotesStore;
    let engine: Awaited<ReturnType<EngineUnderTest['make']>>['engine'];
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ engine, close } = await under.make());
      store = createNotesStore(engine);
    });
    afterEach(() => close());

    it('writes a note and its audit entry together; the entry names the note written', async () => {
      const written = await store.createWithAudit(note('cus_a', 'first'), entry);
      expect(written).toMatchObject({ customerId: 'cus_a', text: 'first', staffId: 7, createdAt: '2026-12-05T10:00:00.000Z' });
      expect(typeof written.id).toBe('number');
      expect(await auditActions(engine)).toEqual([{ action: 'customer.note.create', outcome: 'succeeded', after: { noteId: written.id, text: 'first' } }]);
    });

    it('writes neither when the audit entry cannot be made', async () => {
      await expect(
        store.createWithAudit(note('cus_a', 'lost'), () => {
          throw new Error('no entry');
        }),
      ).rejects.toThrow('no entry');
      expect(await rowsOf(engine, 'SELECT * FROM customer_notes')).toEqual([]);
      expect(await auditActions(engine)).toEqual([]);
    });

    it("lists one customer's notes newest first, paged, with the total", async () => {
      for (const text of ['one', 'two', 'three']) await store.createWithAudit(note('cus_a', text), entry);
      await store.createWithAudit(note('cus_b', 'other'), entry);
      const page = await store.list('cus_a', 0, 2);
      expect(page.total).toBe(3);
      expect(page.rows.map((r) => r.text)).toEqual(['three', 'two']);
      expect((await store.list('cus_a', 2, 2)).rows.map((r) => r.text)).toEqual(['one']);
      expect(await store.list('cus_none', 0, 10)).toEqual({ rows: [], total: 0 });
    });

    it('two instances writing at once: every note kept, one audit chain naming each', async () => {
      const { a, b, close: closeBoth } = await under.instances();
      try {
        const [sa, sb] = [createNotesStore(a), createNotesStore(b)];
        const written = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? sa : sb).createWithAudit(note('cus_x', `n${i}`), entry)));
        expect(new Set(written.map((w) => w.id)).size).toBe(10);
        expect((await sb.list('cus_x', 0, 50)).total).toBe(10);
        const noted = (await auditActions(a)).map((e) => e.after.noteId).sort((x, y) => x - y);
        expect(noted).toEqual(written.map((w) => w.id).sort((x, y) => x - y));
      } finally {
        await closeBoth();
      }
    });
  });
}

import { z } from 'zod';

/** A note is a few sentences for colleagues, not a document: this is what fits in the timeline. */
export const NOTE_MAX_LENGTH = 500;

/** Tabs and line breaks are part of writing; other control characters are not (and break logs and exports). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is what this expression is for
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const noteText = z
  .string({ error: 'is required' })
  .trim()
  .min(1, 'cannot be empty')
  .max(NOTE_MAX_LENGTH, `must be at most ${NOTE_MAX_LENGTH} characters`)
  .refine((t) => !CONTROL.test(t), 'must not contain control characters');

export const createNoteBody = z.strictObject({
  customerId: z.string({ error: 'is required' }).regex(/^cus_[a-z2-7]{20}$/, 'is not a customer id'),
  text: noteText,
});

export type CreateNoteBody = z.infer<typeof createNoteBody>;

/** The labels the SPA shows for these fields: error messages name them, never the keys. */
export const NOTE_LABELS = { text: 'Note', customerId: 'Customer' } as const;

import { useState } from 'react';
import { Box } from '@mui/material';
import { Form, SaveButton, TextInput, useCreate, useNotify } from 'react-admin';
import { useQueryClient } from '@tanstack/react-query';
import { serverErrors } from '../form-errors.ts';
import { FormRootError } from '../FormRootError.tsx';
import { useT } from '../../i18n/index.ts';
import { KEEP_WHAT_WAS_TYPED } from '../../fields/index.ts';

/** Server and field limits (server/notes/schemas.ts). */
const NOTE_MAX = 500;

/**
 * An internal note on the customer: why something was done, what was promised. Saved pessimistic
 * (the note shows in the timeline once the server has it, with its audit entry); the server's
 * field errors show under the field.
 */
export function NoteForm({ customerId }: { customerId: string }) {
  const [create] = useCreate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const t = useT();
  // A new form after each saved note: empty, untouched, ready for the next.
  const [generation, setGeneration] = useState(0);
  const save = async (values: Record<string, unknown>) => {
    try {
      await create('customer-notes', { data: { customerId, text: values.text ?? '' } }, { returnPromise: true });
    } catch (err) {
      return serverErrors(err);
    }
    notify(t('notes.saved'), { type: 'success' });
    await queryClient.invalidateQueries({ queryKey: ['customer-timeline'] });
    setGeneration((g) => g + 1);
    return undefined;
  };
  return (
    <Box component="section" aria-label={t('notes.section')}>
      <Form key={generation} onSubmit={save} noValidate defaultValues={{ text: '' }} resetOptions={KEEP_WHAT_WAS_TYPED} disableInvalidFormNotification>
        <TextInput
          source="text"
          label="notes.label"
          multiline
          minRows={2}
          fullWidth
          helperText={t('notes.help', { max: NOTE_MAX })}
          slotProps={{ htmlInput: { maxLength: NOTE_MAX } }}
        />
        <FormRootError />
        <SaveButton label="notes.add" icon={<span />} sx={{ mt: 1 }} />
      </Form>
    </Box>
  );
}

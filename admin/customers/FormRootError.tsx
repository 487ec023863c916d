import { Alert } from '@mui/material';
import { useFormState } from 'react-hook-form';
import { useTranslate } from 'react-admin';

/** A form's root error (the server's sentence for the whole change, see form-errors.ts), above its buttons. */
export function FormRootError() {
  const { errors } = useFormState();
  const translate = useTranslate();
  const message = (errors.root?.serverError as { message?: string } | undefined)?.message;
  return message ? (
    <Alert severity="error" role="alert" sx={{ mt: 2 }}>
      {translate(message, { _: message })}
    </Alert>
  ) : null;
}

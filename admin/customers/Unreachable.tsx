import { Alert, AlertTitle } from '@mui/material';
import { useT } from '../i18n/index.ts';

/** What a tab shows when its system did not answer: the other tab still works. */
export function UnreachableNotice({ system, message }: { system: string; message: string }) {
  const t = useT();
  return (
    <Alert severity="error" role="alert" sx={{ m: 2 }}>
      <AlertTitle>{t('customer.unreachable', { system })}</AlertTitle>
      {message}
    </Alert>
  );
}

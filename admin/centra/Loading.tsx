import { Alert, CircularProgress, Stack, Typography } from '@mui/material';
import { useT } from '../i18n/index.ts';

/** What a dialog shows while its preview loads, or when it could not be read. */
export function PreviewState({ error }: { error: Error | null }) {
  const t = useT();
  if (error)
    return (
      <Alert severity="error" role="alert">
        {error.message}
      </Alert>
    );
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }} role="status">
      <CircularProgress size={18} />
      <Typography variant="body2">{t('centraActions.readingPreview')}</Typography>
    </Stack>
  );
}

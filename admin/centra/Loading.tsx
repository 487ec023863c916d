import { Alert, CircularProgress, Stack, Typography } from '@mui/material';

/** What a dialog shows while its preview loads, or when it could not be read. */
export function PreviewState({ error }: { error: Error | null }) {
  if (error) return <Alert severity="error" role="alert">{error.message}</Alert>;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }} role="status">
      <CircularProgress size={18} />
      <Typography variant="body2">Reading the subscription from Centra…</Typography>
    </Stack>
  );
}

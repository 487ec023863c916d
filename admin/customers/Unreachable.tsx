import { Alert, AlertTitle } from '@mui/material';

/** What a tab shows when its system did not answer: the other tab still works. */
export function UnreachableNotice({ system, message }: { system: string; message: string }) {
  return (
    <Alert severity="error" role="alert" sx={{ m: 2 }}>
      <AlertTitle>{system} is unreachable</AlertTitle>
      {message}
    </Alert>
  );
}

import { useRef, useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack, TextField } from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';

/**
 * Shows a one-time password exactly once: the server keeps only its hash, so closing this dialog
 * is the last chance to copy it.
 */
export function OneTimePasswordDialog({ email, password, onClose }: { email: string; password: string | null; onClose: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(password ?? '');
      setCopied('yes');
    } catch {
      // The clipboard API needs a secure context; select the text so Ctrl+C works.
      input.current?.select();
      setCopied('failed');
    }
  };

  return (
    <Dialog open={password !== null} onClose={(_e, reason) => reason !== 'backdropClick' && onClose()} aria-labelledby="otp-title" aria-describedby="otp-description">
      <DialogTitle id="otp-title">One-time password for {email}</DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          <DialogContentText id="otp-description">
            This is shown only now. Give it to {email} over a channel you trust: it works for 72 hours, and at first sign-in they must choose their own password.
          </DialogContentText>
          <TextField label="One-time password" value={password ?? ''} inputRef={input} slotProps={{ htmlInput: { readOnly: true, style: { fontFamily: 'monospace', fontSize: '1.2rem' } } }} fullWidth />
          {copied === 'yes' && <Alert severity="success" role="status">Copied to the clipboard.</Alert>}
          {copied === 'failed' && <Alert severity="warning" role="status">Copying is not allowed here: the password is selected, press Ctrl+C.</Alert>}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button startIcon={<ContentCopyIcon />} onClick={copy}>Copy</Button>
        <Button variant="contained" onClick={onClose}>Done</Button>
      </DialogActions>
    </Dialog>
  );
}

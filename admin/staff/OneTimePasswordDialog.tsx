import { useRef, useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack, TextField } from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { useT } from '../i18n/index.ts';

/**
 * Shows a one-time password exactly once: the server keeps only its hash, so closing this dialog
 * is the last chance to copy it.
 */
export function OneTimePasswordDialog({ email, password, onClose }: { email: string; password: string | null; onClose: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const t = useT();

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
    <Dialog
      open={password !== null}
      onClose={(_e, reason) => reason !== 'backdropClick' && onClose()}
      aria-labelledby="otp-title"
      aria-describedby="otp-description"
    >
      <DialogTitle id="otp-title">{t('staff.otp.title', { email })}</DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          <DialogContentText id="otp-description">{t('staff.otp.text', { email })}</DialogContentText>
          <TextField
            label={t('staff.otp.label')}
            value={password ?? ''}
            inputRef={input}
            slotProps={{ htmlInput: { readOnly: true, style: { fontFamily: 'monospace', fontSize: '1.2rem' } } }}
            fullWidth
          />
          {copied === 'yes' && (
            <Alert severity="success" role="status">
              {t('staff.otp.copied')}
            </Alert>
          )}
          {copied === 'failed' && (
            <Alert severity="warning" role="status">
              {t('staff.otp.copyRefused')}
            </Alert>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button startIcon={<ContentCopyIcon />} onClick={copy}>
          {t('staff.otp.copy')}
        </Button>
        <Button variant="contained" onClick={onClose}>
          {t('staff.otp.done')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

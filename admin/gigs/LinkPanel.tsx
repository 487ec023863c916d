import { useState } from 'react';
import { Alert, Box, Button, Stack, TextField, Typography } from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import { QrCode } from './QrCode.tsx';
import { webLink } from './web-link.ts';
import { useT } from '../i18n/index.ts';

/**
 * The link, shown once: copy it, scan it, or open it. It lives only in the dialog's state; when
 * the dialog closes it is gone, and the agent makes a new one if needed.
 */
export function LinkPanel({ url }: { url: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const href = webLink(url);
  const t = useT();
  if (!href) {
    return (
      <Alert severity="error" role="alert">
        {t('linkPanel.notWeb')}
      </Alert>
    );
  }
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <Stack spacing={2}>
      <Alert severity="warning" role="note">
        {t('linkPanel.personal')}
      </Alert>
      <TextField label={t('linkPanel.label')} value={url} fullWidth multiline slotProps={{ input: { readOnly: true } }} onFocus={(e) => e.target.select()} />
      <Stack direction="row" spacing={1}>
        <Button variant="contained" startIcon={<ContentCopyIcon />} onClick={copy}>
          {t('linkPanel.copy')}
        </Button>
        <Button variant="outlined" startIcon={<OpenInNewIcon />} href={href} target="_blank" rel="noopener noreferrer">
          {t('linkPanel.open')}
        </Button>
      </Stack>
      <Box role="status" aria-live="polite">
        {copied === 'yes' && (
          <Typography variant="body2" color="success.main">
            {t('linkPanel.copied')}
          </Typography>
        )}
        {copied === 'failed' && (
          <Typography variant="body2" color="error">
            {t('linkPanel.copyRefused')}
          </Typography>
        )}
      </Box>
      <Box>
        <Typography variant="caption" color="text.secondary" component="div" sx={{ mb: 1 }}>
          {t('linkPanel.scan')}
        </Typography>
        <QrCode value={url} label={t('linkPanel.qr')} />
      </Box>
    </Stack>
  );
}

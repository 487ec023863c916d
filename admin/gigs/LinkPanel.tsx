import { useState } from 'react';
import { Alert, Box, Button, Stack, TextField, Typography } from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import { QrCode } from './QrCode.tsx';
import { webLink } from './web-link.ts';

/**
 * The link, shown once: copy it, scan it, or open it. It lives only in the dialog's state; when
 * the dialog closes it is gone, and the agent makes a new one if needed.
 */
export function LinkPanel({ url }: { url: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const href = webLink(url);
  if (!href) {
    return (
      <Alert severity="error" role="alert">
        Gigs sent a link that is not a web address, so it is not shown. Do not send anything to the customer; tell an admin.
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
        This link is personal to the customer and short-lived. Send it only to them. It is shown once: after you close this window it cannot be shown again.
      </Alert>
      <TextField label="Connect link" value={url} fullWidth multiline slotProps={{ input: { readOnly: true } }} onFocus={(e) => e.target.select()} />
      <Stack direction="row" spacing={1}>
        <Button variant="contained" startIcon={<ContentCopyIcon />} onClick={copy}>
          Copy link
        </Button>
        <Button variant="outlined" startIcon={<OpenInNewIcon />} href={href} target="_blank" rel="noopener noreferrer">
          Open link
        </Button>
      </Stack>
      <Box role="status" aria-live="polite">
        {copied === 'yes' && <Typography variant="body2" color="success.main">Link copied.</Typography>}
        {copied === 'failed' && <Typography variant="body2" color="error">The browser did not allow copying: select the link above and copy it by hand.</Typography>}
      </Box>
      <Box>
        <Typography variant="caption" color="text.secondary" component="div" sx={{ mb: 1 }}>
          Or let the customer scan it with their phone:
        </Typography>
        <QrCode value={url} label="QR code of the Connect link" />
      </Box>
    </Stack>
  );
}

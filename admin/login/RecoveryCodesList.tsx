import { useState, type ReactNode } from 'react';
import { Alert, Box, Button, Checkbox, FormControlLabel, Stack, Typography } from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import DownloadIcon from '@mui/icons-material/Download';
import { useT } from '../i18n/index.ts';

/**
 * Ten recovery codes, shown once (the server keeps only keyed hashes): copy or download them, and
 * say they are saved before going on. Each works once, in place of the passkey or the app.
 */
export function RecoveryCodesList({ codes, email, onDone, doneLabel }: { codes: string[]; email: string; onDone: () => void; doneLabel: ReactNode }) {
  const t = useT();
  const [saved, setSaved] = useState(false);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const text = `${t('login.recoveryCodes.fileText', { email })}\n\n${codes.join('\n')}\n`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const a = Object.assign(document.createElement('a'), { href: url, download: t('login.recoveryCodes.fileName') });
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Stack spacing={2}>
      <Typography variant="body2">{t('login.recoveryCodes.keepSafe')}</Typography>
      <Box component="ol" aria-label={t('login.recoveryCodes.list')} sx={{ m: 0, pl: 4, columns: 2, fontFamily: 'monospace', fontSize: '1.05rem' }}>
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </Box>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
        <Button startIcon={<ContentCopyIcon />} onClick={copy}>
          {t('login.recoveryCodes.copy')}
        </Button>
        <Button startIcon={<DownloadIcon />} onClick={download}>
          {t('login.recoveryCodes.download')}
        </Button>
      </Stack>
      {copied === 'yes' && (
        <Alert severity="success" role="status">
          {t('login.recoveryCodes.copied')}
        </Alert>
      )}
      {copied === 'failed' && (
        <Alert severity="warning" role="status">
          {t('login.recoveryCodes.copyRefused')}
        </Alert>
      )}
      <FormControlLabel control={<Checkbox checked={saved} onChange={(e) => setSaved(e.target.checked)} />} label={t('login.recoveryCodes.saved')} />
      <Button variant="contained" onClick={onDone} disabled={!saved}>
        {doneLabel}
      </Button>
    </Stack>
  );
}

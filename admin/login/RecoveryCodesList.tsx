import { useState, type ReactNode } from 'react';
import { Alert, Box, Button, Checkbox, FormControlLabel, Stack, Typography } from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import DownloadIcon from '@mui/icons-material/Download';

/**
 * Ten recovery codes, shown once (the server keeps only keyed hashes): copy or download them, and
 * say they are saved before going on. Each works once, in place of the passkey or the app.
 */
export function RecoveryCodesList({ codes, email, onDone, doneLabel }: { codes: string[]; email: string; onDone: () => void; doneLabel: ReactNode }) {
  const [saved, setSaved] = useState(false);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const text = `subdesk recovery codes for ${email}\nEach works once, in place of your passkey or authenticator app.\n\n${codes.join('\n')}\n`;
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
    const a = Object.assign(document.createElement('a'), { href: url, download: 'subdesk-recovery-codes.txt' });
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Stack spacing={2}>
      <Typography variant="body2">
        Keep these somewhere safe, away from your phone or key: a password manager, or printed. Each code works once, if your passkey or
        authenticator app is not at hand. They are shown only now.
      </Typography>
      <Box component="ol" aria-label="Recovery codes" sx={{ m: 0, pl: 4, columns: 2, fontFamily: 'monospace', fontSize: '1.05rem' }}>
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </Box>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
        <Button startIcon={<ContentCopyIcon />} onClick={copy}>Copy</Button>
        <Button startIcon={<DownloadIcon />} onClick={download}>Download</Button>
      </Stack>
      {copied === 'yes' && <Alert severity="success" role="status">Copied to the clipboard.</Alert>}
      {copied === 'failed' && <Alert severity="warning" role="status">Copying is not allowed here: download them, or write them down.</Alert>}
      <FormControlLabel control={<Checkbox checked={saved} onChange={(e) => setSaved(e.target.checked)} />} label="I have saved my recovery codes" />
      <Button variant="contained" onClick={onDone} disabled={!saved}>{doneLabel}</Button>
    </Stack>
  );
}

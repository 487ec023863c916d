import { useEffect, useState } from 'react';
import { Alert, AlertTitle } from '@mui/material';
import { useT } from '../i18n/index.ts';

const DEMO_EMAILS = ['support@demo.subdesk', 'merchandiser@demo.subdesk', 'auditor@demo.subdesk', 'admin@demo.subdesk'];

/** Shown only when the server runs on its embedded sandbox (never with real upstreams). */
export function DemoAccountsHint() {
  const [sandbox, setSandbox] = useState(false);
  const t = useT();
  useEffect(() => {
    fetch('/api/auth/config', { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.json() : { sandbox: false }))
      .then((c: { sandbox?: boolean }) => setSandbox(c.sandbox === true))
      .catch(() => setSandbox(false));
  }, []);
  if (!sandbox) return null;
  return (
    <Alert severity="info" role="note" aria-label={t('login.sandbox.label')}>
      <AlertTitle>{t('login.sandbox.title')}</AlertTitle>
      {t('login.sandbox.text', { emails: DEMO_EMAILS.join(', ') })}
    </Alert>
  );
}

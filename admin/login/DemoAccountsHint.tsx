import { useEffect, useState } from 'react';
import { Alert, AlertTitle } from '@mui/material';

const DEMO_EMAILS = ['support@demo.subdesk', 'merchandiser@demo.subdesk', 'auditor@demo.subdesk', 'admin@demo.subdesk'];

/** Shown only when the server runs on its embedded sandbox (never with real upstreams). */
export function DemoAccountsHint() {
  const [sandbox, setSandbox] = useState(false);
  useEffect(() => {
    fetch('/api/auth/config', { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.json() : { sandbox: false }))
      .then((c: { sandbox?: boolean }) => setSandbox(c.sandbox === true))
      .catch(() => setSandbox(false));
  }, []);
  if (!sandbox) return null;
  return (
    <Alert severity="info" role="note" aria-label="Demo accounts">
      <AlertTitle>Sandbox mode</AlertTitle>
      Demo accounts: {DEMO_EMAILS.join(', ')}. The password is SUBDESK_DEMO_PASSWORD, or the one printed in the server's start-up output.
    </Alert>
  );
}

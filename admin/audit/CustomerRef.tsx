import type { MouseEvent } from 'react';
import { Box, Link, Typography } from '@mui/material';
import { useCanAccess } from 'react-admin';
import { useT } from '../i18n/index.ts';

/** The audit log filtered to one customer's entries: what an auditor may see of them. */
export const customerEntriesHref = (customerId: string) => `#/audit-events?filter=${encodeURIComponent(JSON.stringify({ customerId }))}`;

/**
 * A customer an entry names: their name with the id beside it. The link leads where the reader
 * may go: the customer page for those who may open it, the customer's entries for the others
 * (auditors), never to "Access denied".
 */
export function CustomerRef({ id, name }: { id: string; name: string | null }) {
  const { canAccess } = useCanAccess({ resource: 'customers', action: 'show' });
  const t = useT();
  const who = name ?? t('audit.unknownCustomer');
  const href = canAccess ? `#/customers/${encodeURIComponent(id)}/show` : customerEntriesHref(id);
  return (
    <Box component="span" sx={{ display: 'inline-flex', flexDirection: 'column' }}>
      <Link href={href} onClick={(e: MouseEvent) => e.stopPropagation()} aria-label={canAccess ? who : t('audit.entriesAbout', { who })}>
        {who}
      </Link>
      <Typography component="span" variant="caption" color="text.secondary" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
        {id}
      </Typography>
    </Box>
  );
}

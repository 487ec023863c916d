import { Box, Chip, Typography } from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { useNotify } from 'react-admin';
import { useT } from '../i18n/index.ts';

export type IdItem = { label: string; value: string };

/**
 * The ids both systems know the customer by, in one compact row under the header: each one
 * copies itself on click (what agents paste into Gigs' and Centra's own tools or a ticket).
 */
export function IdsRow({ items }: { items: IdItem[] }) {
  const notify = useNotify();
  const t = useT();
  const copy = async (item: IdItem) => {
    try {
      await navigator.clipboard.writeText(item.value);
      notify(t('customer.ids.copied', item), { type: 'info', autoHideDuration: 2000 });
    } catch {
      notify(t('customer.ids.copyRefused'), { type: 'warning' });
    }
  };
  if (!items.length) return null;
  return (
    <Box component="section" aria-label={t('customer.ids.section')} sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, alignItems: 'center', mt: 1 }}>
      <Typography variant="caption" color="text.secondary" sx={{ mr: 0.5 }}>
        {t('customer.ids.section')}
      </Typography>
      {items.map((item) => (
        <Chip
          key={`${item.label}-${item.value}`}
          size="small"
          variant="outlined"
          icon={<ContentCopyIcon />}
          onClick={() => void copy(item)}
          aria-label={t('customer.ids.copy', item)}
          title={t('customer.ids.copyTitle', item)}
          // A long id is cut short on a narrow screen; the copy is whole.
          sx={{ maxWidth: '100%' }}
          label={
            <>
              <Box component="span" sx={{ color: 'text.secondary' }}>
                {item.label}
              </Box>{' '}
              <Box component="span" sx={{ fontFamily: 'monospace' }}>
                {item.value}
              </Box>
            </>
          }
        />
      ))}
    </Box>
  );
}

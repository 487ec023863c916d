import { Typography } from '@mui/material';
import { useFieldValue, useTranslate } from 'react-admin';
import { useFormat } from '../i18n/index.ts';

/**
 * A moment in the reader's zone and language, named ("2 Dec 2026, 00:47 CET"): react-admin's DateField with
 * showTime writes the browser locale's own format without a zone (12/2/2026 or 02/12/2026).
 * `label` and `sortable` are read by the list around it; `emptyText` may be a message key, as react-admin's fields take it.
 */
export function DateTimeField({ source, emptyText = '—' }: { source: string; label?: string; sortable?: boolean; emptyText?: string }) {
  const value = useFieldValue({ source }) as string | null | undefined;
  const format = useFormat();
  const translate = useTranslate();
  return (
    <Typography component="span" variant="body2" sx={{ whiteSpace: 'nowrap' }}>
      {format.dateTime(value) || translate(emptyText, { _: emptyText })}
    </Typography>
  );
}

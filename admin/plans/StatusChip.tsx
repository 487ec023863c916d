import { Chip } from '@mui/material';
import { useStatusWord } from '../i18n/index.ts';

const COLORS: Record<string, 'success' | 'default' | 'warning' | 'info'> = {
  available: 'success',
  archived: 'default',
  draft: 'info',
  pending: 'warning',
  unlisted: 'warning',
};

/** A catalogue status in the reader's words (one Gigs adds later shown as it comes). */
export function StatusChip({ status }: { status: string }) {
  return <Chip size="small" variant="outlined" label={useStatusWord()(status)} color={COLORS[status] ?? 'default'} />;
}

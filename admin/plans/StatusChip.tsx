import { Chip } from '@mui/material';

const COLORS: Record<string, 'success' | 'default' | 'warning' | 'info'> = { available: 'success', archived: 'default', draft: 'info', pending: 'warning', unlisted: 'warning' };

/** A catalogue status (Gigs' values, or any value Gigs adds later, shown as-is). */
export function StatusChip({ status }: { status: string }) {
  return <Chip size="small" variant="outlined" label={status} color={COLORS[status] ?? 'default'} />;
}

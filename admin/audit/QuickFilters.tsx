import { Box, Chip } from '@mui/material';
import { useListContext } from 'react-admin';
import { useT, type MessageKey } from '../i18n/index.ts';

const today = () => new Date().toISOString().slice(0, 10);

const QUICK: { label: MessageKey; values: () => Record<string, unknown>; active: (f: Record<string, unknown>) => boolean }[] = [
  { label: 'audit.quick.today', values: () => ({ time_gte: today() }), active: (f: Record<string, unknown>) => f.time_gte === today() },
  { label: 'audit.quick.failures', values: () => ({ outcome: 'failed' }), active: (f: Record<string, unknown>) => f.outcome === 'failed' },
  { label: 'audit.quick.denied', values: () => ({ outcome: 'denied' }), active: (f: Record<string, unknown>) => f.outcome === 'denied' },
  { label: 'audit.quick.pending', values: () => ({ pending: true }), active: (f: Record<string, unknown>) => f.pending === true },
  // Searches and lists of customers past the first pages or at a scraper's pace (server/audit/customer-search.ts).
  {
    label: 'audit.quick.bulk',
    values: () => ({ action: 'customer.search.bulk' }),
    active: (f: Record<string, unknown>) => f.action === 'customer.search.bulk',
  },
];

/** One-click filters; each toggles on top of the other filters. */
export function QuickFilters() {
  const { filterValues, setFilters } = useListContext();
  const current = (filterValues ?? {}) as Record<string, unknown>;
  const t = useT();
  return (
    <Box role="group" aria-label={t('audit.quick.label')} sx={{ display: 'flex', gap: 1, px: 2, py: 1, flexWrap: 'wrap' }}>
      {QUICK.map((q) => {
        const on = q.active(current);
        const toggle = () => {
          const next = { ...current };
          const values = q.values();
          for (const k of Object.keys(values)) {
            if (on) delete next[k];
            else next[k] = values[k];
          }
          setFilters(next, {});
        };
        return (
          <Chip
            key={q.label}
            label={t(q.label)}
            color={on ? 'primary' : 'default'}
            variant={on ? 'filled' : 'outlined'}
            onClick={toggle}
            aria-pressed={on}
            component="button"
          />
        );
      })}
    </Box>
  );
}

import { Box, Chip } from '@mui/material';
import { useListContext } from 'react-admin';

const today = () => new Date().toISOString().slice(0, 10);

const QUICK = [
  { label: 'Today', values: () => ({ time_gte: today() }), active: (f: Record<string, unknown>) => f.time_gte === today() },
  { label: 'Failures', values: () => ({ outcome: 'failed' }), active: (f: Record<string, unknown>) => f.outcome === 'failed' },
  { label: 'Denied', values: () => ({ outcome: 'denied' }), active: (f: Record<string, unknown>) => f.outcome === 'denied' },
  { label: 'Outcome unknown', values: () => ({ pending: true }), active: (f: Record<string, unknown>) => f.pending === true },
  // Searches and lists of customers past the first pages or at a scraper's pace (server/audit/customer-search.ts).
  { label: 'Bulk customer reads', values: () => ({ action: 'customer.search.bulk' }), active: (f: Record<string, unknown>) => f.action === 'customer.search.bulk' },
] as const;

/** One-click filters; each toggles on top of the other filters. */
export function QuickFilters() {
  const { filterValues, setFilters } = useListContext();
  const current = (filterValues ?? {}) as Record<string, unknown>;
  return (
    <Box role="group" aria-label="Quick filters" sx={{ display: 'flex', gap: 1, px: 2, py: 1, flexWrap: 'wrap' }}>
      {QUICK.map((q) => {
        const on = q.active(current);
        const toggle = () => {
          const next = { ...current };
          const values = q.values() as Record<string, unknown>;
          for (const k of Object.keys(values)) {
            if (on) delete next[k];
            else next[k] = values[k];
          }
          setFilters(next, {});
        };
        return <Chip key={q.label} label={q.label} color={on ? 'primary' : 'default'} variant={on ? 'filled' : 'outlined'} onClick={toggle} aria-pressed={on} component="button" />;
      })}
    </Box>
  );
}

import { useState } from 'react';
import { Button, Chip, Stack } from '@mui/material';
import { useGetList } from 'react-admin';
import type { CentraSubscription } from '../customers/types.ts';
import { IntervalDialog } from './IntervalDialog.tsx';
import { QuantityDialog } from './QuantityDialog.tsx';
import { StatusDialog, type StatusTarget } from './StatusDialog.tsx';

type Product = { id: string; items: { item: string }[]; subscriptionPlans: { id: string }[] };
type Open = { kind: 'interval' } | { kind: 'quantity' } | { kind: 'status'; target: StatusTarget } | null;

/** Pause for active, resume for paused, cancel for both, nothing for cancelled (Centra's transitions). */
const TRANSITIONS: Record<string, { target: StatusTarget; label: string }[]> = {
  active: [{ target: 'paused', label: 'Pause' }, { target: 'cancelled', label: 'Cancel' }],
  paused: [{ target: 'active', label: 'Resume' }, { target: 'cancelled', label: 'Cancel' }],
};

/** The catalogue, read once per page (react-admin caches it): is this item in any plan now? */
function useInNoPlan(s: CentraSubscription): boolean {
  const { data } = useGetList<Product>('centra-products', { pagination: { page: 1, perPage: 500 }, sort: { field: 'id', order: 'ASC' } }, { staleTime: 60_000 });
  if (!data) return false;
  return s.lines.some((l) => !data.some((p) => p.items.some((i) => i.item === l.item) && p.subscriptionPlans.length > 0));
}

/**
 * Per subscription: change interval, change quantity, and the status transitions that exist.
 * Each opens a dialog that reads the rule previews fresh and shows the real outcome.
 */
export function SubscriptionActions({ subscription: s }: { subscription: CentraSubscription }) {
  const [open, setOpen] = useState<Open>(null);
  const inNoPlan = useInNoPlan(s);
  if (s.status === 'cancelled') return null;
  const close = () => setOpen(null);
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
      {inNoPlan && <Chip size="small" color="error" variant="outlined" label="Item in no plan" title="The item is no longer in any subscription plan: its interval cannot change and it cannot grow." />}
      <Button size="small" onClick={() => setOpen({ kind: 'interval' })} aria-label={`Change interval of subscription ${s.id}`}>
        Interval
      </Button>
      <Button size="small" onClick={() => setOpen({ kind: 'quantity' })} aria-label={`Change quantity of subscription ${s.id}`}>
        Quantity
      </Button>
      {(TRANSITIONS[s.status] ?? []).map((t) => (
        <Button key={t.target} size="small" color={t.target === 'cancelled' ? 'error' : 'primary'} onClick={() => setOpen({ kind: 'status', target: t.target })} aria-label={`${t.label} subscription ${s.id}`}>
          {t.label}
        </Button>
      ))}
      <IntervalDialog subscription={s} open={open?.kind === 'interval'} onClose={close} />
      <QuantityDialog subscription={s} open={open?.kind === 'quantity'} onClose={close} />
      {open?.kind === 'status' && <StatusDialog subscription={s} target={open.target} open onClose={close} />}
    </Stack>
  );
}

import { useState } from 'react';
import { Button, Chip, Stack } from '@mui/material';
import { useGetList } from 'react-admin';
import type { CentraSubscription } from '../customers/types.ts';
import { IntervalDialog } from './IntervalDialog.tsx';
import { QuantityDialog } from './QuantityDialog.tsx';
import { StatusDialog, type StatusTarget } from './StatusDialog.tsx';
import { useT, type MessageKey } from '../i18n/index.ts';

type Product = { id: string; items: { item: string }[]; subscriptionPlans: { id: string }[] };
type Open = { kind: 'interval' } | { kind: 'quantity' } | { kind: 'status'; target: StatusTarget } | null;

/** Pause for active, resume for paused, cancel for both, nothing for cancelled (Centra's transitions). */
const TRANSITIONS: Record<string, { target: StatusTarget; label: MessageKey }[]> = {
  active: [
    { target: 'paused', label: 'centraActions.pause' },
    { target: 'cancelled', label: 'centraActions.cancel' },
  ],
  paused: [
    { target: 'active', label: 'centraActions.resume' },
    { target: 'cancelled', label: 'centraActions.cancel' },
  ],
};

/** The catalogue, read once per page (react-admin caches it): is this item in any plan now? */
function useInNoPlan(s: CentraSubscription): boolean {
  const { data } = useGetList<Product>(
    'centra-products',
    { pagination: { page: 1, perPage: 500 }, sort: { field: 'id', order: 'ASC' } },
    { staleTime: 60_000 },
  );
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
  const t = useT();
  if (s.status === 'cancelled') return null;
  const close = () => setOpen(null);
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
      {inNoPlan && <Chip size="small" color="error" variant="outlined" label={t('centraActions.inNoPlan')} title={t('centraActions.inNoPlanWhy')} />}
      <Button size="small" onClick={() => setOpen({ kind: 'interval' })} aria-label={t('centraActions.intervalOf', { id: s.id })}>
        {t('centraActions.interval')}
      </Button>
      <Button size="small" onClick={() => setOpen({ kind: 'quantity' })} aria-label={t('centraActions.quantityOf', { id: s.id })}>
        {t('centraActions.quantity')}
      </Button>
      {(TRANSITIONS[s.status] ?? []).map((move) => (
        <Button
          key={move.target}
          size="small"
          color={move.target === 'cancelled' ? 'error' : 'primary'}
          onClick={() => setOpen({ kind: 'status', target: move.target })}
          aria-label={t('centraActions.transitionOf', { action: t(move.label), id: s.id })}
        >
          {t(move.label)}
        </Button>
      ))}
      <IntervalDialog subscription={s} open={open?.kind === 'interval'} onClose={close} />
      <QuantityDialog subscription={s} open={open?.kind === 'quantity'} onClose={close} />
      {open?.kind === 'status' && <StatusDialog subscription={s} target={open.target} open onClose={close} />}
    </Stack>
  );
}

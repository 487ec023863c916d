import { Chip } from '@mui/material';
import { OUTCOME_COLOR } from './types.ts';

/** The outcome as a labelled chip (the word is always shown: colour is not the only signal). */
export function OutcomeChip({ outcome, pending }: { outcome: string; pending?: boolean }) {
  const label = pending ? 'outcome unknown' : outcome;
  return <Chip size="small" label={label} color={pending ? 'warning' : OUTCOME_COLOR[outcome] ?? 'default'} variant={outcome === 'requested' ? 'outlined' : 'filled'} />;
}

import { Chip } from '@mui/material';
import { useOutcomes } from '../i18n/index.ts';

/**
 * An audit outcome as a labelled chip, the same on every screen (the word is always shown: colour
 * is not the only signal). `pending`: a `requested` entry that nothing settled, "Outcome unknown".
 */
export function OutcomeChip({ outcome, pending }: { outcome: string; pending?: boolean }) {
  const { label, color } = useOutcomes().of('audit', pending ? 'unknown' : outcome);
  return <Chip size="small" label={label} color={color} variant={outcome === 'requested' && !pending ? 'outlined' : 'filled'} />;
}

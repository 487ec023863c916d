import { Chip } from '@mui/material';
import { LINK_OUTCOME, outcomeOf } from '../../server/vocabulary/index.ts';

/** What became of a Connect link, as a labelled chip. */
export function LinkOutcomeChip({ outcome }: { outcome: string }) {
  const { label, color } = outcomeOf(LINK_OUTCOME, outcome);
  return <Chip size="small" label={label} color={color} />;
}

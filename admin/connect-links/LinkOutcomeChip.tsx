import { Chip } from '@mui/material';
import { useOutcomes } from '../i18n/index.ts';

/** What became of a Connect link, as a labelled chip. */
export function LinkOutcomeChip({ outcome }: { outcome: string }) {
  const { label, color } = useOutcomes().of('link', outcome);
  return <Chip size="small" label={label} color={color} />;
}

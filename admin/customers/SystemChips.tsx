import { Chip, Stack } from '@mui/material';
import { useRecordContext } from 'react-admin';

const LABEL = { gigs: 'Gigs', centra: 'Centra' } as const;

/** Which systems know the person, as chips. */
export function SystemChips(_props: { label?: string }) {
  const record = useRecordContext<{ systems?: ('gigs' | 'centra')[] }>();
  if (!record?.systems) return null;
  return (
    <Stack direction="row" spacing={0.5}>
      {record.systems.map((s) => (
        <Chip key={s} size="small" label={LABEL[s]} color={s === 'gigs' ? 'primary' : 'secondary'} variant="outlined" />
      ))}
    </Stack>
  );
}

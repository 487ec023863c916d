import { Typography } from '@mui/material';
import { useApiGet } from '../useApiGet.ts';
import { formatDateTime } from '../../server/vocabulary/index.ts';

type Freshness = { countsAsOf: string | null; catalogueCacheSeconds: number };

/** How fresh the numbers are: counts from the customer index, catalogue from the upstreams (cached). */
export function FreshnessNote() {
  const { data: f } = useApiGet<Freshness>('plans/freshness');
  if (!f) return null;
  return (
    <Typography variant="body2" color="text.secondary" role="status" sx={{ mb: 1 }}>
      {f.countsAsOf
        ? <>Counts as of <strong>{formatDateTime(f.countsAsOf)}</strong>, from the customer index (recounted after each crawl).</>
        : <>Not counted yet: the first crawl of the customer index has not finished.</>}{' '}
      Plans, add-ons and products are read from Gigs and Centra at most once every {f.catalogueCacheSeconds} seconds.
    </Typography>
  );
}

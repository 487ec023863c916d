import { Typography } from '@mui/material';
import { useApiGet } from '../useApiGet.ts';
import { RichMessage, useT, useFormat } from '../i18n/index.ts';

type Freshness = { countsAsOf: string | null; catalogueCacheSeconds: number };

/** How fresh the numbers are: counts from the customer index, catalogue from the upstreams (cached). */
export function FreshnessNote() {
  const { data: f } = useApiGet<Freshness>('plans/freshness');
  const t = useT();
  const format = useFormat();
  if (!f) return null;
  return (
    <Typography variant="body2" color="text.secondary" role="status" sx={{ mb: 1 }}>
      {f.countsAsOf ? <RichMessage id="plans.countsAsOf" values={{ time: <strong>{format.dateTime(f.countsAsOf)}</strong> }} /> : t('plans.notCounted')}{' '}
      {t('plans.cacheNote', { seconds: f.catalogueCacheSeconds })}
    </Typography>
  );
}

import { Card, CardContent, CardHeader, Chip, Stack, Typography } from '@mui/material';
import { Title, useDataProvider } from 'react-admin';
import { useQuery } from '@tanstack/react-query';
import { IndexStatus } from './IndexStatus.tsx';
import { UpstreamsStatus } from './UpstreamsStatus.tsx';
import { PublicAddressNotice } from './PublicAddressNotice.tsx';
import type { SubdeskDataProvider } from '../dataProvider.ts';
import type { Probe } from '../../server/status/health.ts';
import { FeedStatus } from './FeedStatus.tsx';
import { useT } from '../i18n/index.ts';
import { LockedAdmins } from './LockedAdmins.tsx';

function ProbeCard({ name, probe }: { name: string; probe?: Probe }) {
  const t = useT();
  return (
    <Card variant="outlined" sx={{ minWidth: 220 }} role="region" aria-label={name}>
      <CardHeader title={name} />
      <CardContent>
        {probe ? (
          <Stack spacing={1}>
            <Chip label={t(probe.ok ? 'status.up' : 'status.down')} color={probe.ok ? 'success' : 'error'} />
            <Typography variant="body2">{t('status.latency', { ms: probe.latencyMs })}</Typography>
            {probe.error && (
              <Typography variant="body2" color="error">
                {probe.error}
              </Typography>
            )}
          </Stack>
        ) : (
          <Typography variant="body2">{t('status.checking')}</Typography>
        )}
      </CardContent>
    </Card>
  );
}

/** The landing page: is everything subdesk depends on answering? */
export function StatusPage() {
  const dataProvider = useDataProvider<SubdeskDataProvider>();
  const { data: health } = useQuery({ queryKey: ['health'], queryFn: () => dataProvider.health() });
  const t = useT();
  return (
    <Stack spacing={2} sx={{ mt: 2 }}>
      <Title title="status.title" />
      <Typography variant="h5" component="h1">
        {t('status.title')}
      </Typography>
      <PublicAddressNotice />
      <LockedAdmins />
      <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
        <ProbeCard name="Gigs" probe={health?.upstreams.gigs} />
        <ProbeCard name="Centra" probe={health?.upstreams.centra} />
        <ProbeCard name={t('status.database')} probe={health ? { ok: health.db.ok, latencyMs: 0 } : undefined} />
      </Stack>
      <Typography variant="h6" component="h2">
        {t('status.changeFeeds')}
      </Typography>
      <FeedStatus />
      <Typography variant="h6" component="h2">
        {t('status.customerIndex')}
      </Typography>
      <IndexStatus />
      <Typography variant="h6" component="h2">
        {t('status.upstreams')}
      </Typography>
      <UpstreamsStatus />
    </Stack>
  );
}

import { useEffect, useState } from 'react';
import { Card, CardContent, CardHeader, Chip, Stack, Typography } from '@mui/material';
import { Title } from 'react-admin';
import { IndexStatus } from './IndexStatus.tsx';
import { UpstreamsStatus } from './UpstreamsStatus.tsx';
import { LockedAdmins } from './LockedAdmins.tsx';

type Probe = { ok: boolean; latencyMs: number; error?: string };
type Health = { ok: boolean; upstreams: { gigs: Probe; centra: Probe }; db: { ok: boolean } };

function ProbeCard({ name, probe }: { name: string; probe?: Probe }) {
  return (
    <Card variant="outlined" sx={{ minWidth: 220 }} role="region" aria-label={name}>
      <CardHeader title={name} />
      <CardContent>
        {probe ? (
          <Stack spacing={1}>
            <Chip label={probe.ok ? 'Up' : 'Down'} color={probe.ok ? 'success' : 'error'} />
            <Typography variant="body2">Latency: {probe.latencyMs} ms</Typography>
            {probe.error && <Typography variant="body2" color="error">{probe.error}</Typography>}
          </Stack>
        ) : (
          <Typography variant="body2">Checking…</Typography>
        )}
      </CardContent>
    </Card>
  );
}

/** The landing page: is everything subdesk depends on answering? */
export function StatusPage() {
  const [health, setHealth] = useState<Health>();
  useEffect(() => {
    fetch('/api/health', { credentials: 'same-origin' })
      .then((r) => r.json())
      .then(setHealth)
      .catch(() => setHealth(undefined));
  }, []);
  return (
    <Stack spacing={2} sx={{ mt: 2 }}>
      <Title title="Status" />
      <Typography variant="h5" component="h1">Status</Typography>
      <LockedAdmins />
      <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: "wrap" }}>
        <ProbeCard name="Gigs" probe={health?.upstreams.gigs} />
        <ProbeCard name="Centra" probe={health?.upstreams.centra} />
        <ProbeCard name="Database" probe={health ? { ok: health.db.ok, latencyMs: 0 } : undefined} />
      </Stack>
      <Typography variant="h6" component="h2">Customer index</Typography>
      <IndexStatus />
      <Typography variant="h6" component="h2">Upstreams</Typography>
      <UpstreamsStatus />
    </Stack>
  );
}

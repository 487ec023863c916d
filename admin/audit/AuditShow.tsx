import { Box, Card, CardContent, Chip, Divider, Grid, Link, Typography } from '@mui/material';
import { Show, useGetList, useRecordContext } from 'react-admin';
import { JsonDiff } from './JsonDiff.tsx';
import { OutcomeChip } from './OutcomeChip.tsx';
import type { AuditRecord } from './types.ts';
import { CustomerRef } from './CustomerRef.tsx';
import { formatDateTime, formatUtc } from '../../server/vocabulary/index.ts';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Box sx={{ mb: 1 }}>
      <Typography variant="caption" color="text.secondary" component="dt">{label}</Typography>
      <Typography component="dd" sx={{ m: 0, wordBreak: 'break-word' }}>{children ?? '—'}</Typography>
    </Box>
  );
}

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <>—</>;
  return <Box component="pre" sx={{ m: 0, p: 1, bgcolor: 'action.hover', borderRadius: 1, fontSize: 12, overflowX: 'auto' }}>{JSON.stringify(value, null, 2)}</Box>;
}

/** The other entries of the same request (requested → succeeded/failed, a reconciliation). */
function SameRequest({ record }: { record: AuditRecord }) {
  const { data } = useGetList<AuditRecord>('audit-events', { filter: { requestId: record.requestId }, sort: { field: 'seq', order: 'ASC' }, pagination: { page: 1, perPage: 50 } });
  const others = (data ?? []).filter((e) => e.id !== record.id);
  if (!others.length) return <Typography color="text.secondary">No other entry for this request.</Typography>;
  return (
    <Box component="ul" sx={{ m: 0, pl: 2 }} aria-label="Entries of the same request">
      {others.map((e) => (
        <li key={e.id}>
          <Link href={`#/audit-events/${e.id}/show`}>#{e.seq}</Link> {formatDateTime(e.time)} {e.action} <OutcomeChip outcome={e.outcome} /> {e.actorType === 'system' ? '(system)' : ''}
        </li>
      ))}
    </Box>
  );
}

function Entry() {
  const r = useRecordContext<AuditRecord>();
  if (!r) return null;
  return (
    <CardContent>
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', mb: 2 }}>
        <Typography variant="h6" component="h2">#{r.seq} {r.action}</Typography>
        <OutcomeChip outcome={r.outcome} />
      </Box>
      <Grid container spacing={3}>
        <Grid size={{ xs: 12, md: 4 }}>
          <Typography variant="subtitle2" component="h3">Who</Typography>
          <dl>
            <Field label="Actor">{r.actorEmail ?? r.actorType}</Field>
            <Field label="Role">{r.actorRole}</Field>
            <Field label="Actor id">{r.actorId}</Field>
          </dl>
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <Typography variant="subtitle2" component="h3">When and where</Typography>
          <dl>
            <Field label="Time">{formatDateTime(r.time)}</Field>
            <Field label="Time (UTC, as recorded)">{formatUtc(r.time)}</Field>
            <Field label="IP address">{r.ip}</Field>
            <Field label="User agent">{r.userAgent}</Field>
          </dl>
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <Typography variant="subtitle2" component="h3">What</Typography>
          <dl>
            <Field label="Target">{r.targetType ? `${r.targetType} ${r.targetId ?? ''}` : null}</Field>
            <Field label="Customer">
              {r.customerId ? <CustomerRef id={r.customerId} name={r.customerName} /> : null}
            </Field>
            <Field label="Upstream reference">{r.upstreamRef}</Field>
            <Field label="Request id"><code>{r.requestId}</code></Field>
          </dl>
        </Grid>
      </Grid>
      <Divider sx={{ my: 2 }} />
      <Typography variant="subtitle2" component="h3" gutterBottom>Before and after</Typography>
      <JsonDiff before={r.before} after={r.after} />
      <Grid container spacing={3} sx={{ mt: 1 }}>
        <Grid size={{ xs: 12, md: 6 }}>
          <Typography variant="subtitle2" component="h3">Request (secrets removed)</Typography>
          <Json value={r.request} />
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Typography variant="subtitle2" component="h3">Error</Typography>
          <Json value={r.error} />
        </Grid>
      </Grid>
      <Divider sx={{ my: 2 }} />
      <Typography variant="subtitle2" component="h3" gutterBottom>Same request</Typography>
      <SameRequest record={r} />
      <Divider sx={{ my: 2 }} />
      <Typography variant="caption" component="p" color="text.secondary" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
        hash {r.hash}
        <br />
        prev {r.prevHash}
      </Typography>
      <Chip size="small" variant="outlined" label="Entries cannot be edited or deleted" sx={{ mt: 1 }} />
    </CardContent>
  );
}

export function AuditShow() {
  return (
    <Show title="Audit entry" actions={false} component={Card}>
      <Entry />
    </Show>
  );
}

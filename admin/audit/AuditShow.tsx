import { Box, Card, CardContent, Chip, Divider, Grid, Link, Typography } from '@mui/material';
import { Show, useGetList, useRecordContext } from 'react-admin';
import { JsonDiff } from './JsonDiff.tsx';
import { OutcomeChip } from './OutcomeChip.tsx';
import type { AuditRecord } from './types.ts';
import { CustomerRef } from './CustomerRef.tsx';
import { NO_VALUE } from '../../server/vocabulary/index.ts';
import { useFormat, useT, type MessageKey } from '../i18n/index.ts';

function Field({ label, children }: { label: MessageKey; children: React.ReactNode }) {
  const t = useT();
  return (
    <Box sx={{ mb: 1 }}>
      <Typography variant="caption" color="text.secondary" component="dt">
        {t(label)}
      </Typography>
      <Typography component="dd" sx={{ m: 0, wordBreak: 'break-word' }}>
        {children ?? NO_VALUE}
      </Typography>
    </Box>
  );
}

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <>{NO_VALUE}</>;
  return (
    <Box component="pre" sx={{ m: 0, p: 1, bgcolor: 'action.hover', borderRadius: 1, fontSize: 12, overflowX: 'auto' }}>
      {JSON.stringify(value, null, 2)}
    </Box>
  );
}

/** The other entries of the same request (requested → succeeded/failed, a reconciliation). */
function SameRequest({ record }: { record: AuditRecord }) {
  const { data } = useGetList<AuditRecord>('audit-events', {
    filter: { requestId: record.requestId },
    sort: { field: 'seq', order: 'ASC' },
    pagination: { page: 1, perPage: 50 },
  });
  const others = (data ?? []).filter((e) => e.id !== record.id);
  const t = useT();
  const format = useFormat();
  if (!others.length) return <Typography color="text.secondary">{t('audit.show.noOther')}</Typography>;
  return (
    <Box component="ul" sx={{ m: 0, pl: 2 }} aria-label={t('audit.show.sameRequestList')}>
      {others.map((e) => (
        <li key={e.id}>
          <Link href={`#/audit-events/${e.id}/show`}>#{e.seq}</Link> {format.dateTime(e.time)} {e.action} <OutcomeChip outcome={e.outcome} />{' '}
          {e.actorType === 'system' ? t('audit.show.system') : ''}
        </li>
      ))}
    </Box>
  );
}

function Entry() {
  const r = useRecordContext<AuditRecord>();
  const t = useT();
  const format = useFormat();
  if (!r) return null;
  return (
    <CardContent>
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', mb: 2 }}>
        <Typography variant="h6" component="h2">
          #{r.seq} {r.action}
        </Typography>
        <OutcomeChip outcome={r.outcome} />
      </Box>
      <Grid container spacing={3}>
        <Grid size={{ xs: 12, md: 4 }}>
          <Typography variant="subtitle2" component="h3">
            {t('audit.show.who')}
          </Typography>
          <dl>
            <Field label="audit.show.actor">{r.actorEmail ?? r.actorType}</Field>
            <Field label="audit.show.role">{r.actorRole}</Field>
            <Field label="audit.show.actorId">{r.actorId}</Field>
          </dl>
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <Typography variant="subtitle2" component="h3">
            {t('audit.show.whenWhere')}
          </Typography>
          <dl>
            <Field label="audit.show.time">{format.dateTime(r.time)}</Field>
            <Field label="audit.show.timeUtc">{format.utc(r.time)}</Field>
            <Field label="audit.show.ip">{r.ip}</Field>
            <Field label="audit.show.userAgent">{r.userAgent}</Field>
          </dl>
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <Typography variant="subtitle2" component="h3">
            {t('audit.show.what')}
          </Typography>
          <dl>
            <Field label="audit.show.target">{r.targetType ? `${r.targetType} ${r.targetId ?? ''}` : null}</Field>
            <Field label="audit.show.customer">{r.customerId ? <CustomerRef id={r.customerId} name={r.customerName} /> : null}</Field>
            <Field label="audit.show.upstreamRef">{r.upstreamRef}</Field>
            <Field label="audit.show.requestId">
              <code>{r.requestId}</code>
            </Field>
          </dl>
        </Grid>
      </Grid>
      <Divider sx={{ my: 2 }} />
      <Typography variant="subtitle2" component="h3" gutterBottom>
        {t('audit.show.beforeAfter')}
      </Typography>
      <JsonDiff before={r.before} after={r.after} />
      <Grid container spacing={3} sx={{ mt: 1 }}>
        <Grid size={{ xs: 12, md: 6 }}>
          <Typography variant="subtitle2" component="h3">
            {t('audit.show.request')}
          </Typography>
          <Json value={r.request} />
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Typography variant="subtitle2" component="h3">
            {t('audit.show.error')}
          </Typography>
          <Json value={r.error} />
        </Grid>
      </Grid>
      <Divider sx={{ my: 2 }} />
      <Typography variant="subtitle2" component="h3" gutterBottom>
        {t('audit.show.sameRequest')}
      </Typography>
      <SameRequest record={r} />
      <Divider sx={{ my: 2 }} />
      <Typography variant="caption" component="p" color="text.secondary" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
        hash {r.hash}
        <br />
        prev {r.prevHash}
      </Typography>
      <Chip size="small" variant="outlined" label={t('audit.show.readOnly')} sx={{ mt: 1 }} />
    </CardContent>
  );
}

export function AuditShow() {
  return (
    <Show title="audit.entry" actions={false} component={Card}>
      <Entry />
    </Show>
  );
}

import type { ReactNode } from 'react';
import {
  Alert,
  Box,
  Button,
  Chip,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Table,
  TableBody,
  TableCell,
  TableRow,
} from '@mui/material';
import { useApiGet } from '../useApiGet.ts';
import { useSmallScreen } from '../layout/useSmallScreen.ts';
import { StatusChip } from './StatusChip.tsx';
import { NO_VALUE, orNoValue } from '../../server/vocabulary/index.ts';
import { useFormat, useT, type Format, type MessageKey, type Translate } from '../i18n/index.ts';
import type { CentraPlanRow, CentraProductRow, GigsAddonRow, GigsPlanRow } from './types.ts';

type WithFreshness = { countsAsOf: string | null; catalogueAsOf: string };
type Detail = (GigsPlanRow | GigsAddonRow | CentraPlanRow | CentraProductRow) & WithFreshness;
type Row = [MessageKey, ReactNode];

function Facts({ rows }: { rows: Row[] }) {
  const t = useT();
  return (
    <Table size="small">
      <TableBody>
        {rows.map(([k, v]) => (
          <TableRow key={k}>
            <TableCell component="th" scope="row" sx={{ fontWeight: 500, width: 190 }}>
              {t(k)}
            </TableCell>
            <TableCell>{v}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

const chips = (names: string[]) =>
  names.length ? (
    <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
      {names.map((n) => (
        <Chip key={n} size="small" label={n} />
      ))}
    </Box>
  ) : (
    NO_VALUE
  );

function body(kind: string, d: Detail, t: Translate, format: Format): Row[] {
  const count = (n: number) => orNoValue(format.count(n));
  const discount = (points: number | null) => orNoValue(format.percent(points));
  const interval = (p: { intervalType: string; intervalValue: number | null }) =>
    p.intervalType && p.intervalValue !== null ? format.interval({ type: p.intervalType, value: p.intervalValue }) : '';
  const asOf: Row = ['plans.detail.countsAsOf', d.countsAsOf ? format.dateTime(d.countsAsOf) : t('plans.detail.notCountedYet')];
  if (kind === 'gigs') {
    const p = d as GigsPlanRow & WithFreshness;
    const a = format.allowances(p.allowances);
    return [
      ['plans.detail.status', <StatusChip key="s" status={p.status} />],
      ['plans.detail.price', orNoValue(format.money(p.price))],
      ['plans.detail.data', orNoValue(a.data)],
      ['plans.detail.voice', orNoValue(a.voice)],
      ['plans.detail.sms', orNoValue(a.sms)],
      ['plans.detail.validity', orNoValue(format.validity(p.validity))],
      ['plans.detail.provider', orNoValue(p.provider)],
      [
        'plans.detail.coverage',
        p.coverage.countries.length ? t('plans.detail.coverageLine', { name: p.coverage.name, countries: p.coverage.countries.join(', ') }) : NO_VALUE,
      ],
      ['plans.detail.simTypes', orNoValue(p.simTypes.join(', '))],
      ['plans.detail.pendingSubscriptions', count(p.subscriptions.pending)],
      ['plans.detail.activeSubscriptions', count(p.subscriptions.active)],
      ['plans.detail.endedSubscriptions', count(p.subscriptions.ended)],
      ['plans.detail.addons', chips(p.addons.map((x) => x.name))],
      ['plans.detail.planId', p.id],
      asOf,
    ];
  }
  if (kind === 'gigs-addons') {
    const a = d as GigsAddonRow & WithFreshness;
    const recurrence =
      a.recurrenceType === 'oneTime' || a.recurrenceType === 'recurring' ? t(`plans.detail.recurrences.${a.recurrenceType}`) : a.recurrenceType;
    const type = a.type === 'topUp' || a.type === 'other' ? t(`plans.addonTypes.${a.type}`) : a.type;
    return [
      ['plans.detail.type', orNoValue(type)],
      ['plans.detail.status', <StatusChip key="s" status={a.status} />],
      ['plans.detail.price', orNoValue(format.money(a.price))],
      ['plans.detail.allowances', orNoValue(format.allowances(a.allowances).summary)],
      ['plans.detail.validity', orNoValue(format.validity(a.validity))],
      ['plans.detail.recurrence', orNoValue(recurrence)],
      ['plans.detail.provider', orNoValue(a.provider)],
      ['plans.detail.worksWith', chips(a.plans.map((p) => p.name))],
      ['plans.detail.addonId', a.id],
    ];
  }
  if (kind === 'centra') {
    const p = d as CentraPlanRow & WithFreshness;
    return [
      ['plans.detail.interval', orNoValue(interval(p))],
      ['plans.detail.discount', p.discountVaries ? t('plans.detail.variesByProduct', { discount: discount(p.discountPercent) }) : discount(p.discountPercent)],
      ['plans.detail.activeSubscriptions', count(p.subscriptions.active)],
      ['plans.detail.pausedSubscriptions', count(p.subscriptions.paused)],
      ['plans.detail.cancelledSubscriptions', count(p.subscriptions.cancelled)],
      ['plans.detail.averageDiscount', discount(p.subscriptions.averageDiscount)],
      ['plans.detail.products', chips(p.products.map((x) => x.name))],
      ['plans.detail.planId', p.id],
      asOf,
    ];
  }
  const pr = d as CentraProductRow & WithFreshness;
  return [
    ['plans.detail.items', orNoValue(pr.items.map((i) => t('plans.detail.itemLine', { size: i.sizeName, item: i.item })).join(', '))],
    [
      'plans.detail.plans',
      pr.inNoPlan ? (
        <Chip key="in-no-plan" size="small" color="warning" label={t('plans.inNoPlan')} />
      ) : (
        chips(pr.plans.map((c) => t('plans.planCell', { name: c.name, interval: interval(c), discount: discount(c.discountPercent) })))
      ),
    ],
  ];
}

/** One plan, add-on or product by its deep link (#/plans/<list>/<id>). */
export function PlanDetail({ kind, id, onClose }: { kind: string; id: string; onClose: () => void }) {
  const { data, error, isPending } = useApiGet<Detail>(`plans/${kind}/${encodeURIComponent(id)}`);
  const fullScreen = useSmallScreen();
  const t = useT();
  const format = useFormat();
  return (
    <Dialog open onClose={onClose} aria-labelledby="plan-detail-title" maxWidth="sm" fullWidth fullScreen={fullScreen}>
      <DialogTitle id="plan-detail-title">{data?.name ?? t(error ? 'plans.detail.notFound' : 'plans.detail.loading')}</DialogTitle>
      <DialogContent>
        {error && <Alert severity="warning">{error.message}</Alert>}
        {isPending && <CircularProgress aria-label={t('plans.detail.loading')} />}
        {data && <Facts rows={body(kind, data, t, format)} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}

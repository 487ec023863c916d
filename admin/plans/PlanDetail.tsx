import { Alert, Box, Button, Chip, CircularProgress, Dialog, DialogActions, DialogContent, DialogTitle, Table, TableBody, TableCell, TableRow } from '@mui/material';
import { useApiGet } from '../useApiGet.ts';
import { useSmallScreen } from '../layout/useSmallScreen.ts';
import { StatusChip } from './StatusChip.tsx';
import { formatCount, formatDateTime, formatPercent, orNoValue } from '../../server/vocabulary/index.ts';
import type { CentraPlanRow, CentraProductRow, GigsAddonRow, GigsPlanRow } from './types.ts';

type WithFreshness = { countsAsOf: string | null; catalogueAsOf: string };
type Detail = (GigsPlanRow | GigsAddonRow | CentraPlanRow | CentraProductRow) & WithFreshness;

function Facts({ rows }: { rows: [string, React.ReactNode][] }) {
  return (
    <Table size="small">
      <TableBody>
        {rows.map(([k, v]) => (
          <TableRow key={k}>
            <TableCell component="th" scope="row" sx={{ fontWeight: 500, width: 190 }}>{k}</TableCell>
            <TableCell>{v}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

const chips = (names: string[]) => (names.length ? <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>{names.map((n) => <Chip key={n} size="small" label={n} />)}</Box> : '—');

function body(kind: string, d: Detail): [string, React.ReactNode][] {
  const asOf: [string, React.ReactNode] = ['Counts as of', d.countsAsOf ? formatDateTime(d.countsAsOf) : 'not counted yet'];
  if (kind === 'gigs') {
    const p = d as GigsPlanRow & WithFreshness;
    return [
      ['Status', <StatusChip key="s" status={p.status} />], ['Price', p.priceText || '—'], ['Data', p.allowancesText.data || '—'], ['Voice', p.allowancesText.voice || '—'],
      ['SMS', p.allowancesText.sms || '—'], ['Validity', p.validityText || '—'], ['Provider', p.provider || '—'],
      ['Coverage', p.coverage.countries.length ? `${p.coverage.name}: ${p.coverage.countries.join(', ')}` : '—'], ['SIM types', p.simTypes.join(', ') || '—'],
      ['Pending subscriptions', orNoValue(formatCount(p.subscriptions.pending))], ['Active subscriptions', orNoValue(formatCount(p.subscriptions.active))], ['Ended subscriptions', orNoValue(formatCount(p.subscriptions.ended))],
      ['Add-ons', chips(p.addons.map((a) => a.name))], ['Plan id', p.id], asOf,
    ];
  }
  if (kind === 'gigs-addons') {
    const a = d as GigsAddonRow & WithFreshness;
    return [
      ['Type', a.type || '—'], ['Status', <StatusChip key="s" status={a.status} />], ['Price', a.priceText || '—'], ['Allowances', a.allowancesText.summary || '—'],
      ['Validity', a.validityText || '—'], ['Recurrence', a.recurrenceType || '—'], ['Provider', a.provider || '—'], ['Works with', chips(a.plans.map((p) => p.name))], ['Add-on id', a.id],
    ];
  }
  if (kind === 'centra') {
    const p = d as CentraPlanRow & WithFreshness;
    return [
      ['Interval', p.intervalText || '—'], ['Discount', `${orNoValue(formatPercent(p.discountPercent))}${p.discountVaries ? ' (varies by product)' : ''}`],
      ['Active subscriptions', orNoValue(formatCount(p.subscriptions.active))], ['Paused subscriptions', orNoValue(formatCount(p.subscriptions.paused))], ['Cancelled subscriptions', orNoValue(formatCount(p.subscriptions.cancelled))],
      ['Average discount given', orNoValue(formatPercent(p.subscriptions.averageDiscount))], ['Products', chips(p.products.map((x) => x.name))], ['Plan id', p.id], asOf,
    ];
  }
  const pr = d as CentraProductRow & WithFreshness;
  return [
    ['Items', pr.items.map((i) => `${i.sizeName} (${i.item})`).join(', ') || '—'],
    ['Plans', pr.inNoPlan ? <Chip size="small" color="warning" label="In no plan" /> : chips(pr.plans.map((c) => `${c.name}: ${c.intervalText}, ${orNoValue(formatPercent(c.discountPercent))} off`))],
  ];
}

/** One plan, add-on or product by its deep link (#/plans/<list>/<id>). */
export function PlanDetail({ kind, id, onClose }: { kind: string; id: string; onClose: () => void }) {
  const { data, error, isPending } = useApiGet<Detail>(`plans/${kind}/${encodeURIComponent(id)}`);
  const fullScreen = useSmallScreen();
  return (
    <Dialog open onClose={onClose} aria-labelledby="plan-detail-title" maxWidth="sm" fullWidth fullScreen={fullScreen}>
      <DialogTitle id="plan-detail-title">{data?.name ?? (error ? 'Not found' : 'Loading…')}</DialogTitle>
      <DialogContent>
        {error && <Alert severity="warning">{error.message}</Alert>}
        {isPending && <CircularProgress aria-label="Loading" />}
        {data && <Facts rows={body(kind, data)} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}

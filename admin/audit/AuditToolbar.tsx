import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Link } from '@mui/material';
import VerifiedIcon from '@mui/icons-material/Verified';
import DownloadIcon from '@mui/icons-material/Download';
import { ColumnsButton, FilterButton, TopToolbar, useDataProvider, useListContext } from 'react-admin';
import { useMutation } from '@tanstack/react-query';
import type { SubdeskDataProvider } from '../dataProvider.ts';
import { useSmallScreen } from '../layout/useSmallScreen.ts';
import { useFormat, useT, type Format, type Translate } from '../i18n/index.ts';

type Witness = { path: string; records: number; lastSeq: number | null; syslog: string | null };
type VerifyResult = { ok: boolean; checked: number; firstBad: number | null; reason: string; witness: Witness | null };

/** Which witness the log was compared with: the file outside the database (and the syslog copy, which only the collector holds). */
function witnessLine(w: Witness | null, t: Translate, format: Format) {
  if (!w) return t('audit.verify.noWitness');
  const extent = w.lastSeq === null ? t('audit.verify.noCheckpoint') : t('audit.verify.extent', { records: format.count(w.records), seq: w.lastSeq });
  const witness = t('audit.verify.witness', { path: w.path, extent });
  return w.syslog ? `${witness} ${t('audit.verify.syslog', { syslog: w.syslog })}` : witness;
}

/** Runs POST /api/audit-events/verify and shows the answer, linking the first bad entry. */
export function VerifyButton() {
  const dataProvider = useDataProvider<SubdeskDataProvider>();
  const verify = useMutation<VerifyResult, Error>({ mutationFn: () => dataProvider.post<VerifyResult>('audit-events/verify') });
  const busy = verify.isPending;
  const result = verify.data ?? null;
  const error = verify.error?.message ?? null;
  const fullScreen = useSmallScreen();
  const t = useT();
  const format = useFormat();
  return (
    <>
      <Button size="small" startIcon={<VerifiedIcon />} onClick={() => verify.mutate()} disabled={busy}>
        {t(busy ? 'audit.verify.busy' : 'audit.verify.button')}
      </Button>
      <Dialog open={Boolean(result || error)} onClose={() => verify.reset()} fullScreen={fullScreen} aria-labelledby="verify-title">
        <DialogTitle id="verify-title">{t('audit.verify.title')}</DialogTitle>
        <DialogContent>
          {error && <Alert severity="error">{error}</Alert>}
          {result && (
            <Alert severity={result.ok ? 'success' : 'error'} role="status">
              {result.ok ? t('audit.verify.intact', { count: format.count(result.checked) }) : t('audit.verify.broken', { reason: result.reason })}
              {result.ok && <div>{result.reason}.</div>}
              {result.firstBad !== null && (
                <>
                  {' '}
                  {t('audit.verify.firstBad')} <Link href={`#/audit-events/${result.firstBad}/show`}>#{result.firstBad}</Link>
                </>
              )}
              <div>{witnessLine(result.witness, t, format)}</div>
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => verify.reset()}>{t('common.close')}</Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

/** Download links for the current filter: the server streams the file (any size). */
export function ExportButtons() {
  const { filterValues } = useListContext();
  const t = useT();
  const href = (format: 'csv' | 'json') => `/api/audit-events/export?format=${format}&filter=${encodeURIComponent(JSON.stringify(filterValues ?? {}))}`;
  return (
    <>
      <Button size="small" startIcon={<DownloadIcon />} href={href('csv')} download aria-label={t('audit.exportCsv')}>
        CSV
      </Button>
      <Button size="small" startIcon={<DownloadIcon />} href={href('json')} download aria-label={t('audit.exportJson')}>
        JSON
      </Button>
    </>
  );
}

export function AuditListActions() {
  return (
    <TopToolbar>
      <FilterButton />
      <ColumnsButton />
      <VerifyButton />
      <ExportButtons />
    </TopToolbar>
  );
}

import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Link } from '@mui/material';
import VerifiedIcon from '@mui/icons-material/Verified';
import DownloadIcon from '@mui/icons-material/Download';
import { ColumnsButton, FilterButton, TopToolbar, useDataProvider, useListContext } from 'react-admin';
import { useMutation } from '@tanstack/react-query';
import type { SubdeskDataProvider } from '../dataProvider.ts';
import { useSmallScreen } from '../layout/useSmallScreen.ts';
import { formatCount } from '../../server/vocabulary/index.ts';

type Witness = { path: string; records: number; lastSeq: number | null; syslog: string | null };
type VerifyResult = { ok: boolean; checked: number; firstBad: number | null; reason: string; witness: Witness | null };

/** Which witness the log was compared with: the file outside the database (and the syslog copy, which only the collector holds). */
function witnessLine(w: Witness | null) {
  if (!w) return 'No witness was checked.';
  const extent = w.lastSeq === null ? 'no checkpoint yet' : `${formatCount(w.records)} records, up to entry #${w.lastSeq}`;
  return `Checked against the witness file ${w.path} (${extent}).${w.syslog ? ` Checkpoints are also sent to syslog at ${w.syslog}.` : ''}`;
}

/** Runs POST /api/audit-events/verify and shows the answer, linking the first bad entry. */
export function VerifyButton() {
  const dataProvider = useDataProvider<SubdeskDataProvider>();
  const verify = useMutation<VerifyResult, Error>({ mutationFn: () => dataProvider.post<VerifyResult>('audit-events/verify') });
  const busy = verify.isPending;
  const result = verify.data ?? null;
  const error = verify.error?.message ?? null;
  const fullScreen = useSmallScreen();
  return (
    <>
      <Button size="small" startIcon={<VerifiedIcon />} onClick={() => verify.mutate()} disabled={busy}>
        {busy ? 'Verifying…' : 'Verify'}
      </Button>
      <Dialog open={Boolean(result || error)} onClose={() => verify.reset()} fullScreen={fullScreen} aria-labelledby="verify-title">
        <DialogTitle id="verify-title">Audit log verification</DialogTitle>
        <DialogContent>
          {error && <Alert severity="error">{error}</Alert>}
          {result && (
            <Alert severity={result.ok ? 'success' : 'error'} role="status">
              {result.ok ? `Intact: ${formatCount(result.checked)} entries checked.` : `The log does not verify: ${result.reason}.`}
              {result.ok && <div>{result.reason}.</div>}
              {result.firstBad !== null && (
                <>
                  {' '}First bad entry: <Link href={`#/audit-events/${result.firstBad}/show`}>#{result.firstBad}</Link>
                </>
              )}
              <div>{witnessLine(result.witness)}</div>
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => verify.reset()}>Close</Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

/** Download links for the current filter: the server streams the file (any size). */
export function ExportButtons() {
  const { filterValues } = useListContext();
  const href = (format: 'csv' | 'json') => `/api/audit-events/export?format=${format}&filter=${encodeURIComponent(JSON.stringify(filterValues ?? {}))}`;
  return (
    <>
      <Button size="small" startIcon={<DownloadIcon />} href={href('csv')} download aria-label="Export the current filter as CSV">
        CSV
      </Button>
      <Button size="small" startIcon={<DownloadIcon />} href={href('json')} download aria-label="Export the current filter as JSON">
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

import { Box, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useT, type MessageKey } from '../i18n/index.ts';

type Change = { path: string; kind: 'added' | 'removed' | 'changed' | 'same'; before?: unknown; after?: unknown };

/** Flattens nested objects to `a.b[0].c` paths, so two states can be compared line by line. */
export function flatten(value: unknown, prefix = '', out: Map<string, unknown> = new Map()): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && Object.keys(value as object).length) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      flatten(v, Array.isArray(value) ? `${prefix}[${k}]` : prefix ? `${prefix}.${k}` : k, out);
    }
  } else if (prefix || (value !== null && value !== undefined && typeof value !== 'object')) out.set(prefix || '(value)', value);
  return out;
}

/** Every field of both states, what changed first (in field order), then what stayed the same. */
export function diff(before: unknown, after: unknown): Change[] {
  const a = flatten(before ?? {});
  const b = flatten(after ?? {});
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  const all = paths.map((path): Change => {
    if (!a.has(path)) return { path, kind: 'added', after: b.get(path) };
    if (!b.has(path)) return { path, kind: 'removed', before: a.get(path) };
    const same = JSON.stringify(a.get(path)) === JSON.stringify(b.get(path));
    return { path, kind: same ? 'same' : 'changed', before: a.get(path), after: b.get(path) };
  });
  return [...all.filter((c) => c.kind !== 'same'), ...all.filter((c) => c.kind === 'same')];
}

const show = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));
const MARK: Record<Change['kind'], MessageKey | null> = { added: 'diff.added', removed: 'diff.removed', changed: 'diff.changed', same: null };
// Light tints keep the text readable (contrast); the Change column says it in words too.
const TINT = { added: 'rgba(46, 125, 50, 0.12)', removed: 'rgba(198, 40, 40, 0.10)', changed: 'rgba(239, 108, 0, 0.12)', same: undefined } as const;

/**
 * Before and after side by side, one row per field, changed rows first, marked in words and in
 * colour. Unchanged fields follow (dimmed): an auditor needs the whole state, not just the delta.
 */
export function JsonDiff({ before, after }: { before: unknown; after: unknown }) {
  const t = useT();
  if ((before === null || before === undefined) && (after === null || after === undefined)) {
    return <Typography color="text.secondary">{t('diff.none')}</Typography>;
  }
  const changes = diff(before, after);
  return (
    <Table size="small" aria-label={t('diff.table')}>
      <TableHead>
        <TableRow>
          <TableCell component="th" scope="col">
            {t('diff.field')}
          </TableCell>
          <TableCell component="th" scope="col">
            {t('diff.before')}
          </TableCell>
          <TableCell component="th" scope="col">
            {t('diff.after')}
          </TableCell>
          <TableCell component="th" scope="col">
            {t('diff.change')}
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {changes.map((c) => (
          <TableRow key={c.path} sx={{ bgcolor: TINT[c.kind], opacity: c.kind === 'same' ? 0.65 : 1 }}>
            <TableCell component="th" scope="row" sx={{ fontFamily: 'monospace' }}>
              {c.path}
            </TableCell>
            <TableCell sx={{ fontFamily: 'monospace', textDecoration: c.kind === 'removed' || c.kind === 'changed' ? 'line-through' : undefined }}>
              {show(c.before)}
            </TableCell>
            <TableCell sx={{ fontFamily: 'monospace' }}>{show(c.after)}</TableCell>
            <TableCell>
              <Box component="span" sx={{ fontWeight: 600 }}>
                {MARK[c.kind] && t(MARK[c.kind]!)}
              </Box>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

import { ColumnsButton, FilterButton, TopToolbar, useListContext } from 'react-admin';
import { Button } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import { useT } from '../i18n/index.ts';
import type { ListKey } from './types.ts';

/** A JSON query parameter as ra-data-simple-rest sends it. */
const jsonParam = (v: unknown) => encodeURIComponent(JSON.stringify(v));

/**
 * The list's CSV, made by the server with the filter and sort on screen (every row, not just this
 * page). A plain link: the browser downloads the attachment with the session cookie.
 */
export function ExportCsvButton({ list }: { list: ListKey }) {
  const { filterValues, sort, total } = useListContext();
  const t = useT();
  const name = t(`plans.lists.${list}`);
  const href = `/api/plans/export?list=${encodeURIComponent(list)}&format=csv&sort=${jsonParam([sort.field, sort.order])}&filter=${jsonParam(filterValues ?? {})}`;
  return (
    <Button
      size="small"
      component="a"
      href={href}
      download
      startIcon={<DownloadIcon />}
      aria-label={total !== undefined ? t('plans.exportLabelRows', { list: name, rows: total }) : t('plans.exportLabel', { list: name })}
    >
      {t('plans.exportCsv')}
    </Button>
  );
}

export function PlansListActions({ list }: { list: ListKey }) {
  return (
    <TopToolbar>
      <FilterButton />
      <ColumnsButton />
      <ExportCsvButton list={list} />
    </TopToolbar>
  );
}

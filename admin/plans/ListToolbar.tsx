import { ColumnsButton, FilterButton, TopToolbar, useListContext } from 'react-admin';
import { Button } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';

/** A JSON query parameter as ra-data-simple-rest sends it. */
const jsonParam = (v: unknown) => encodeURIComponent(JSON.stringify(v));

/**
 * The list's CSV, made by the server with the filter and sort on screen (every row, not just this
 * page). A plain link: the browser downloads the attachment with the session cookie.
 */
export function ExportCsvButton({ list, label }: { list: string; label: string }) {
  const { filterValues, sort, total } = useListContext();
  const href = `/api/plans/export?list=${encodeURIComponent(list)}&format=csv&sort=${jsonParam([sort.field, sort.order])}&filter=${jsonParam(filterValues ?? {})}`;
  return (
    <Button size="small" component="a" href={href} download startIcon={<DownloadIcon />} aria-label={`Export ${label} as CSV${total !== undefined ? ` (${total} rows)` : ''}`}>
      Export CSV
    </Button>
  );
}

export function PlansListActions({ list, label }: { list: string; label: string }) {
  return (
    <TopToolbar>
      <FilterButton />
      <ColumnsButton />
      <ExportCsvButton list={list} label={label} />
    </TopToolbar>
  );
}

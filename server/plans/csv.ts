import { csvCell } from '../audit/export.ts';
import type { CsvColumn } from './list.ts';

/**
 * A list as a CSV file: a header row of the column titles the page shows, one row per record,
 * CRLF line ends (RFC 4180), and a UTF-8 byte order mark so a spreadsheet reads "€" as it is.
 * Cells a spreadsheet would run as a formula are defused (csvCell).
 */
export function toCsv<R>(columns: CsvColumn<R>[], rows: R[]): string {
  let out = '\uFEFF' + columns.map((c) => csvCell(c.header)).join(',') + '\r\n';
  for (const r of rows) out += columns.map((c) => csvCell(c.value(r))).join(',') + '\r\n';
  return out;
}

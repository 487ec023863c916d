import { csvLine } from '../http/csv.ts';
import type { CsvColumn } from './list.ts';

/**
 * A list as a CSV file: a header row of the column titles the page shows, one row per record,
 * CRLF line ends (RFC 4180), and a UTF-8 byte order mark so a spreadsheet reads "€" as it is.
 * Every cell quoted and formulas defused (server/http/csv.ts).
 */
export function toCsv<R>(columns: CsvColumn<R>[], rows: R[]): string {
  let out = '\uFEFF' + csvLine(columns.map((c) => c.header));
  for (const r of rows) out += csvLine(columns.map((c) => c.value(r)));
  return out;
}

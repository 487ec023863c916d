/**
 * The one CSV writer (RFC 4180, CRLF), for the audit export and the plans' exports alike.
 *
 * The cells hold text others typed (customers' names and addresses, upstream data, request
 * paths), and a spreadsheet must show it, never run it:
 * - every cell is quoted: a spreadsheet that splits on `;` (Swedish or German Excel) would read
 *   an unquoted `x;=1+1` as two cells, the second a formula;
 * - a cell starting like a formula (`=`, `+`, `-`, `@`, tab, carriage return) gets a leading
 *   apostrophe, as OWASP's CSV-injection advice says, since some spreadsheets evaluate a quoted
 *   cell too.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '""';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.includes('"') ? text.replace(/"/g, '""') : text}"`;
}

/** One record: its cells, comma-separated, and the CRLF that ends it. */
export function csvLine(cells: readonly unknown[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

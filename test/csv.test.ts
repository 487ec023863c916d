import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '../server/http/csv.ts';
import { parseCsv } from './helpers/csv.ts';

/**
 * The one CSV writer: every cell quoted, so a spreadsheet splitting on `;` sees one cell where a
 * customer typed `x;=1+1`; and formulas defused (OWASP, CSV injection).
 */
describe('CSV cells', () => {
  it('quotes every cell, plain ones too, and doubles quotes inside', () => {
    expect(csvLine(['seq', 12, 'plain', null, undefined, 'say "hi"', 'a,b', 'two\r\nlines'])).toBe(
      '"seq","12","plain","","","say ""hi""","a,b","two\r\nlines"\r\n',
    );
  });

  it('keeps x;=1+1 one cell for a spreadsheet that splits on semicolons', () => {
    const line = csvLine(['Anna', 'x;=1+1', 'Berlin']);
    // Split as Swedish or German Excel would: on ; outside quotes.
    // No cell of its own starting with =: the ; sits inside quotes.
    expect(parseCsv(line, ';')[0]).toEqual(['Anna,x;=1+1,Berlin']);
    expect(parseCsv(line)[0]).toEqual(['Anna', 'x;=1+1', 'Berlin']);
  });

  it('defuses cells that start like a formula (= + - @ tab CR) with a leading apostrophe', () => {
    for (const formula of ['=1+1', '+1+1', '-1+1', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("http://evil.example","click")']) {
      const cell = parseCsv(csvCell(formula) + '\r\n')[0]![0]!;
      expect(cell, JSON.stringify(formula)).toBe(`'${formula}`);
    }
    expect(csvCell('a=1')).toBe('"a=1"');
  });
});

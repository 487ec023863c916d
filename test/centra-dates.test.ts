import { describe, expect, it } from 'vitest';
import { plusInterval, today } from '../server/centra/dates.ts';
import { addInterval, type IntervalType } from '../server/sandbox/centra/dates.ts';

/** Order-date arithmetic, the product's (previews) and the emulator's (what Centra does), alike. */
const CASES: [string, IntervalType, number, string][] = [
  ['2026-01-10', 'month', 1, '2026-02-10'],
  ['2026-02-10', 'month', 3, '2026-05-10'],
  ['2026-01-31', 'month', 1, '2026-02-28'],
  ['2028-01-31', 'month', 1, '2028-02-29'],
  ['2026-08-31', 'month', 3, '2026-11-30'],
  ['2028-02-29', 'year', 1, '2029-02-28'],
  ['2026-12-25', 'week', 2, '2027-01-08'],
  ['2026-12-31', 'day', 1, '2027-01-01'],
  ['2026-03-28', 'day', 3, '2026-03-31'],
];

describe('order dates', () => {
  it.each(CASES)('%s + %i %s', (date, type, value, expected) => {
    expect(plusInterval(date, { type, value })).toBe(expected);
    expect(addInterval(date, type, value)).toBe(expected);
  });

  it('reads the unit in any case, and gives up on what it does not know', () => {
    expect(plusInterval('2026-01-31', { type: 'MONTH', value: 1 })).toBe('2026-02-28');
    expect(plusInterval('2026-01-31', { type: 'fortnight', value: 1 })).toBeNull();
    expect(plusInterval(null, { type: 'month', value: 1 })).toBeNull();
    expect(plusInterval('soon', { type: 'month', value: 1 })).toBeNull();
    expect(plusInterval('2026-01-31', { type: 'month', value: 0 })).toBeNull();
  });

  it('takes today in UTC, whatever the local zone', () => {
    expect(today(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });
});

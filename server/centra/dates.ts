import { UTCDate } from '@date-fns/utc';
import { add, format } from 'date-fns';

/**
 * Order-date arithmetic for previews, in UTC calendar days. Centra counts a new interval from
 * the order already scheduled (docs/upstreams.md, Centra's rules): monthly on the 10th switched to
 * 3-monthly on Jan 20 ships Feb 10, then May 10. Months clamp to the month's last day (date-fns'
 * add: Jan 31 + 1 month is Feb 28 or 29).
 * Kept here, not imported from the sandbox: product code never depends on the emulator.
 */
export type Interval = { type: string; value: number };

const DURATION_KEY: Record<string, 'days' | 'weeks' | 'months' | 'years'> = { day: 'days', week: 'weeks', month: 'months', year: 'years' };

/** `YYYY-MM-DD` of `now` (UTC). */
export const today = (now: Date) => format(new UTCDate(now), 'yyyy-MM-dd');

/** `date` plus one interval; null when the date or the unit is not one we know (shown as "unknown"). */
export function plusInterval(date: string | null, interval: Interval | null): string | null {
  const m = date ? /^(\d{4})-(\d{2})-(\d{2})/.exec(date) : null;
  const key = interval ? DURATION_KEY[interval.type.toLowerCase()] : undefined;
  if (!m || !interval || !key || !Number.isFinite(interval.value) || interval.value < 1) return null;
  const start = new UTCDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return format(add(start, { [key]: interval.value }), 'yyyy-MM-dd');
}

/**
 * Order-date arithmetic for previews, in UTC calendar days. Centra counts a new interval from
 * the order already scheduled (docs/upstreams.md, Centra's rules): monthly on the 10th switched to
 * 3-monthly on Jan 20 ships Feb 10, then May 10. Months clamp to the month's last day.
 * Kept here, not imported from the sandbox: product code never depends on the emulator.
 */
export type Interval = { type: string; value: number };

const pad = (n: number) => String(n).padStart(2, '0');
const isoDay = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** `YYYY-MM-DD` of `now` (UTC). */
export const today = (now: Date) => isoDay(now);

/** `date` plus one interval; null when the date or the unit is not one we know (shown as "unknown"). */
export function plusInterval(date: string | null, interval: Interval | null): string | null {
  const m = date ? /^(\d{4})-(\d{2})-(\d{2})/.exec(date) : null;
  if (!m || !interval || !Number.isFinite(interval.value) || interval.value < 1) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const unit = interval.type.toLowerCase();
  if (unit === 'day' || unit === 'week') return isoDay(new Date(Date.UTC(y, mo - 1, d + interval.value * (unit === 'week' ? 7 : 1))));
  if (unit !== 'month' && unit !== 'year') return null;
  const months = unit === 'year' ? interval.value * 12 : interval.value;
  const first = new Date(Date.UTC(y, mo - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return isoDay(new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, lastDay))));
}

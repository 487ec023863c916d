/**
 * Centra's date formats, all in UTC. The store keeps timestamps as `Y-m-d H:i:s` so that they
 * sort as text (indexes, "modified since" filters); the wire formats are derived from that.
 */
import { UTCDate } from '@date-fns/utc';
import { add } from 'date-fns';

export type IntervalType = 'day' | 'week' | 'month' | 'year';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `Y-m-d H:i:s`, the Order API's format and the store's. */
export function sqlTime(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** `YYYY-MM-DD` (nextOrderDate). */
export function isoDate(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Store time to the `Y-m-dTH:i:sP` form the contract objects carry. */
export function wireTime(stored: string): string {
  return `${stored.replace(' ', 'T')}+00:00`;
}

/** Parses `Y-m-d H:i:s`, `Y-m-d` or an ISO date-time with zone; undefined when it is none of them. */
export function parseTime(text: string): Date | undefined {
  const t = text.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$/.exec(t);
  if (m) {
    const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)));
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  m = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.exec(t);
  if (m) {
    const d = new Date(t);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

const DURATION_KEY = { day: 'days', week: 'weeks', month: 'months', year: 'years' } as const;

/** `date` (YYYY-MM-DD) plus `value` intervals; months clamp to the month's last day (date-fns: Jan 31 + 1 month = Feb 28/29). */
export function addInterval(date: string, type: IntervalType, value: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return isoDate(add(new UTCDate(y, m - 1, d), { [DURATION_KEY[type]]: value }));
}

/** Rough length of an interval in days, for spreading seeded order dates. */
export function intervalDays(type: IntervalType, value: number): number {
  return value * (type === 'day' ? 1 : type === 'week' ? 7 : type === 'month' ? 30 : 365);
}

import { DEFAULT_LOCALE, memoized, type Locale } from './locale.ts';

/**
 * Dates and times, one rule on every screen:
 * - a moment (an audit entry, a sign-in, a crawl) is shown in the reader's own time zone, always
 *   with the zone's name: "2 Dec 2026, 00:47 CET". Two members in two countries each read their
 *   own clock, and neither has to guess;
 * - where a moment is evidence (an audit entry's detail, exports), it is also given in UTC with
 *   seconds and "UTC": "2 Dec 2026, 00:47:12 UTC";
 * - a calendar day (Centra's next order date, a chart's week) is a day, not a moment: "19 Dec 2026",
 *   the same in every zone.
 * `timeZone` is an IANA name; left out, it is the runtime's own (the browser's, in the SPA).
 */
export type When = string | Date | null | undefined;

const DAY_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
// Centra's Order API writes UTC times without a zone ("2026-12-02 00:47:12"); Date would read them as local.
const ZONELESS = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

function momentOf(value: string | Date): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  const text = value.trim();
  const d = new Date(ZONELESS.test(text) ? `${text.replace(' ', 'T')}Z` : text);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

const dateTimeFormat = memoized(
  (locale: Locale, timeZone?: string) =>
    new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
      timeZone,
    }),
);
const utcFormat = memoized(
  (locale: Locale) =>
    new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZone: 'UTC',
    }),
);
const dayFormat = memoized(
  (locale: Locale, timeZone?: string) => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone }),
);
const shortDayFormat = memoized((locale: Locale) => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }));

/** A moment in the reader's zone, named: "2 Dec 2026, 00:47 CET". Text that is no time is shown as it is. */
export function formatDateTime(value: When, locale: Locale = DEFAULT_LOCALE, timeZone?: string): string {
  if (!value) return '';
  const d = momentOf(value);
  return d ? dateTimeFormat(locale, timeZone).format(d) : String(value);
}

/** A moment in UTC with seconds, for evidence: "2 Dec 2026, 00:47:12 UTC". */
export function formatUtc(value: When, locale: Locale = DEFAULT_LOCALE): string {
  if (!value) return '';
  const d = momentOf(value);
  return d ? `${utcFormat(locale).format(d)} UTC` : String(value);
}

/**
 * A day: "19 Dec 2026". A calendar date (YYYY-MM-DD) is that day in every zone; a moment is the day
 * it is in the reader's zone (the zone of formatDateTime beside it).
 */
export function formatDate(value: When, locale: Locale = DEFAULT_LOCALE, timeZone?: string): string {
  if (!value) return '';
  if (typeof value === 'string' && DAY_ONLY.test(value.trim())) return dayFormat(locale, 'UTC').format(new Date(`${value.trim()}T00:00:00Z`));
  const d = momentOf(value);
  return d ? dayFormat(locale, timeZone).format(d) : String(value);
}

/** A calendar day without its year, for chart axes: "2026-12-07" → "7 Dec". */
export function formatShortDay(ymd: string, locale: Locale = DEFAULT_LOCALE): string {
  const d = DAY_ONLY.test(ymd) ? new Date(`${ymd}T00:00:00Z`) : undefined;
  return d && !Number.isNaN(d.getTime()) ? shortDayFormat(locale).format(d) : ymd;
}

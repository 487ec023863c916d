import { DEFAULT_LOCALE, memoized, type Locale } from './locale.ts';

/** What a screen shows where there is no value. Formatters return '' (CSV cells stay empty). */
export const NO_VALUE = '—';
export const orNoValue = (text: string) => text || NO_VALUE;

export const numberFormat = memoized(
  (locale: Locale, maxFractionDigits = '0') => new Intl.NumberFormat(locale, { maximumFractionDigits: Number(maxFractionDigits) }),
);

/** 12345 → "12,345"; null → "". */
export function formatCount(n: number | null | undefined, locale: Locale = DEFAULT_LOCALE): string {
  return n === null || n === undefined || Number.isNaN(n) ? '' : numberFormat(locale).format(n);
}

/** 12.46 → "12.5%" (percent points, one decimal at most); null → "". */
export function formatPercent(points: number | null | undefined, locale: Locale = DEFAULT_LOCALE): string {
  if (points === null || points === undefined || Number.isNaN(points)) return '';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(Math.round(points * 10) / 1000);
}

/** How long something took: 850 → "850 ms", 12345 → "12.3 s"; null → "". */
export function formatElapsed(ms: number | null | undefined, locale: Locale = DEFAULT_LOCALE): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '';
  return ms < 1000 ? `${numberFormat(locale).format(Math.round(ms))} ms` : `${numberFormat(locale, '1').format(ms / 1000)} s`;
}

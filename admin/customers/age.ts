import { useCallback } from 'react';
import type { Locale } from '../../server/vocabulary/index.ts';
import { useFormat, useT } from '../i18n/index.ts';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** How long ago, as people say it: "just now", "4 min ago", "2 hr. ago", "yesterday"; null under a minute. */
export function relativeAge(iso: string, locale: Locale, now = Date.now()): string | null {
  const ms = now - new Date(iso).getTime();
  if (!Number.isFinite(ms)) return iso;
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(ms) >= size) return relative.format(-Math.floor(ms / size), unit);
  }
  return null;
}

/** relativeAge in the reader's language, "just now" included. */
export function useMadeAgo(): (iso: string) => string {
  const t = useT();
  const { locale } = useFormat();
  return useCallback((iso: string) => relativeAge(iso, locale) ?? t('common.justNow'), [t, locale]);
}

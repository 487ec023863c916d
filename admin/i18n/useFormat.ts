import { useMemo } from 'react';
import { useLocaleState } from 'react-admin';
import {
  formatAllowances,
  formatCount,
  formatDate,
  formatDateTime,
  formatDuration,
  formatElapsed,
  formatInterval,
  formatMajorMoney,
  formatMoney,
  formatPercent,
  formatPricePer,
  formatShortDay,
  formatUtc,
  formatValidity,
  type Allowances,
  type Locale,
  type Money,
  type Period,
  type When,
} from '../../server/vocabulary/index.ts';
import { intlLocaleOf } from './languages.ts';

/**
 * The vocabulary's formatters in the language the staff member chose: every screen writes dates,
 * numbers and money through this, so switching the language rewrites them too.
 */
export function useFormat() {
  const [locale] = useLocaleState();
  const intl = intlLocaleOf(locale);
  return useMemo(() => formatsIn(intl), [intl]);
}

/** The formatters bound to one Intl locale (useFormat's, for code outside React such as tests). */
export function formatsIn(intl: Locale) {
  return {
    /** The Intl tag in use ('en-GB', 'fr-FR'), for what the vocabulary does not cover. */
    locale: intl,
    dateTime: (value: When, timeZone?: string) => formatDateTime(value, intl, timeZone),
    utc: (value: When) => formatUtc(value, intl),
    date: (value: When, timeZone?: string) => formatDate(value, intl, timeZone),
    shortDay: (ymd: string) => formatShortDay(ymd, intl),
    money: (m: Money | null | undefined) => formatMoney(m, intl),
    majorMoney: (m: Money | null | undefined) => formatMajorMoney(m, intl),
    count: (n: number | null | undefined) => formatCount(n, intl),
    percent: (points: number | null | undefined) => formatPercent(points, intl),
    elapsed: (ms: number | null | undefined) => formatElapsed(ms, intl),
    duration: (value: number, unit: string) => formatDuration(value, unit, intl),
    interval: (i: { type: string; value: number } | null | undefined) => formatInterval(i, intl),
    validity: (v: (Period & { type?: string | null }) | null | undefined) => formatValidity(v, intl),
    pricePer: (price: string, period: Period | null | undefined) => formatPricePer(price, period, intl),
    allowances: (a: Allowances) => formatAllowances(a, intl),
  };
}

export type Format = ReturnType<typeof formatsIn>;

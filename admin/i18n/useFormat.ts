import { useMemo } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';
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
  sayInEnglish,
  type Allowances,
  type Locale,
  type Money,
  type Period,
  type Say,
  type When,
} from '../../server/vocabulary/index.ts';
import { intlLocaleOf } from './languages.ts';

/**
 * The vocabulary's formatters in the language the staff member chose: every screen writes dates,
 * numbers and money through this, so switching the language rewrites them too. Their words
 * ("every 2 weeks") are the messages' `vocabulary.*`.
 */
export function useFormat() {
  const [locale] = useLocaleState();
  const translate = useTranslate();
  const intl = intlLocaleOf(locale);
  return useMemo(() => formatsIn(intl, (word, params) => translate(`vocabulary.${word}`, params)), [intl, translate]);
}

/** The formatters bound to one Intl locale and words (useFormat's, for code outside React such as tests). */
export function formatsIn(intl: Locale, say: Say = sayInEnglish) {
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
    interval: (i: { type: string; value: number } | null | undefined) => formatInterval(i, intl, say),
    validity: (v: (Period & { type?: string | null }) | null | undefined) => formatValidity(v, intl, say),
    pricePer: (price: string, period: Period | null | undefined) => formatPricePer(price, period, intl, say),
    allowances: (a: Allowances) => formatAllowances(a, intl, say),
  };
}

export type Format = ReturnType<typeof formatsIn>;

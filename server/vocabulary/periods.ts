import { DEFAULT_LOCALE, memoized, type Locale } from './locale.ts';
import { numberFormat } from './numbers.ts';
import { sayInEnglish, type Say, type VocabularyWord } from './words.ts';

/**
 * Lengths of time and how often things happen, in one wording: a Gigs plan's validity, a Centra
 * subscription's interval, a price per period. Every sentence below is built on formatDuration,
 * its words (`every`, `renews`...) said by `say` (English unless the SPA passes the reader's).
 */
export type Period = { value?: number | null; unit?: string | null };

const INTL_UNITS = new Set(['day', 'week', 'month', 'year']);
const unitFormat = memoized((locale: Locale, unit: string) => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }));

/** Upstreams write units as 'month', 'MONTH' or 'months'. */
const unitOf = (unit: string) => unit.toLowerCase().replace(/s$/, '');

/** (30, 'day') → "30 days"; (1, 'month') → "1 month". A unit Intl does not know is pluralised with an s. */
export function formatDuration(value: number, unit: string, locale: Locale = DEFAULT_LOCALE): string {
  const u = unitOf(unit);
  if (INTL_UNITS.has(u)) return unitFormat(locale, u).format(value);
  return `${value} ${value === 1 ? u : `${u}s`}`;
}

/** The unit's word without its number: "month" for (1, 'month'), "30 days" for (30, 'day'). */
function lengthWords(value: number, unit: string, locale: Locale): string {
  if (value !== 1) return formatDuration(value, unit, locale);
  const u = unitOf(unit);
  if (!INTL_UNITS.has(u)) return u;
  return unitFormat(locale, u)
    .formatToParts(1)
    .filter((p) => p.type === 'unit')
    .map((p) => p.value)
    .join('')
    .trim();
}

const EVERY: Record<string, VocabularyWord> = { day: 'everyDay', week: 'everyWeek', month: 'everyMonth', year: 'everyYear' };

/** (1, 'week') → "every week"; (2, 'week') → "every 2 weeks". */
export function formatEvery(value: number, unit: string, locale: Locale = DEFAULT_LOCALE, say: Say = sayInEnglish): string {
  const word = EVERY[unitOf(unit)];
  if (word) return say(word, { smart_count: value, count: numberFormat(locale).format(value) });
  return say('every', { length: lengthWords(value, unit, locale) });
}

/** A Gigs plan's validity: "renews every month", "one-time, 30 days", "7 days". */
export function formatValidity(v: (Period & { type?: string | null }) | null | undefined, locale: Locale = DEFAULT_LOCALE, say: Say = sayInEnglish): string {
  if (!v?.unit) return '';
  const n = v.value ?? 1;
  if (v.type === 'recurring') return say('renews', { every: formatEvery(n, v.unit, locale, say) });
  if (v.type === 'oneTime') return say('oneTime', { length: formatDuration(n, v.unit, locale) });
  return formatDuration(n, v.unit, locale);
}

/** A Centra interval ({type: 'week', value: 2}): "every 2 weeks". */
export function formatInterval(i: { type: string; value: number } | null | undefined, locale: Locale = DEFAULT_LOCALE, say: Say = sayInEnglish): string {
  return i ? formatEvery(i.value, i.type, locale, say) : '';
}

/** A price for its period: ("€9.00", 30 days) → "€9.00 / 30 days"; ("€9.00", 1 month) → "€9.00 / month". */
export function formatPricePer(price: string, period: Period | null | undefined, locale: Locale = DEFAULT_LOCALE, say: Say = sayInEnglish): string {
  if (!price || !period?.unit) return price;
  return say('pricePer', { price, length: lengthWords(period.value ?? 1, period.unit, locale) });
}

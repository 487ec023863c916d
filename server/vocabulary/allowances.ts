import { DEFAULT_LOCALE, memoized, type Locale } from './locale.ts';
import { numberFormat } from './numbers.ts';
import { sayInEnglish, type Say } from './words.ts';

/**
 * Allowances in the words carriers sell them: 10 GB, 500 min, 100 SMS, Unlimited. Gigs counts
 * data in decimal units (1 GB = 10^9 bytes) and voice in seconds; null means unlimited and 0 none.
 * The units are Intl's, so they follow the locale ("10 Go" in French).
 */
export type Allowances = { dataBytes?: number | null; voiceSeconds?: number | null; smsMessages?: number | null } | null | undefined;
export type HumanAllowances = { data: string; voice: string; sms: string; summary: string };

const dataFormat = memoized((locale: Locale, unit: string) => new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: 1 }));
const oneDecimal = (n: number, locale: Locale) => numberFormat(locale, '1').format(n);

const DATA_UNITS: [number, string][] = [
  [1e12, 'terabyte'],
  [1e9, 'gigabyte'],
  [1e6, 'megabyte'],
  [1e3, 'kilobyte'],
];

/** An allowance's amount: null is unlimited, 0 none, undefined unknown (''). */
function amount(value: number | null | undefined, say: Say, words: (n: number) => string): string {
  if (value === null) return say('unlimited');
  if (value === undefined) return '';
  if (value === 0) return say('none');
  return words(value);
}

export function formatData(bytes: number | null | undefined, locale: Locale = DEFAULT_LOCALE, say: Say = sayInEnglish): string {
  return amount(bytes, say, (b) => {
    const [size, unit] = DATA_UNITS.find(([size]) => b >= size) ?? DATA_UNITS[DATA_UNITS.length - 1]!;
    return dataFormat(locale, unit).format(b / size);
  });
}

export function formatVoice(seconds: number | null | undefined, locale: Locale = DEFAULT_LOCALE, say: Say = sayInEnglish): string {
  return amount(seconds, say, (s) => say('minutes', { count: oneDecimal(s / 60, locale) }));
}

export function formatSms(messages: number | null | undefined, locale: Locale = DEFAULT_LOCALE, say: Say = sayInEnglish): string {
  return amount(messages, say, (n) => say('sms', { count: numberFormat(locale).format(n) }));
}

/** Each allowance on its own, and a one-line summary ("10 GB · 500 min · 100 SMS"; "Unlimited" when all are). */
export function formatAllowances(a: Allowances, locale: Locale = DEFAULT_LOCALE, say: Say = sayInEnglish): HumanAllowances {
  // A missing object says nothing (not "unlimited"): Gigs sends one on every plan and add-on.
  if (!a) return { data: '', voice: '', sms: '', summary: '' };
  const data = formatData(a.dataBytes, locale, say);
  const voice = formatVoice(a.voiceSeconds, locale, say);
  const sms = formatSms(a.smsMessages, locale, say);
  // In the summary, none is left out and unlimited says what of.
  const named = (value: number | null | undefined, text: string, unlimited: string) => (value === 0 ? '' : value === null ? unlimited : text);
  const parts = [
    named(a.dataBytes, data, say('unlimitedData')),
    named(a.voiceSeconds, voice, say('unlimitedCalls')),
    named(a.smsMessages, sms, say('unlimitedSms')),
  ].filter(Boolean);
  const summary = a.dataBytes === null && a.voiceSeconds === null && a.smsMessages === null ? say('unlimited') : parts.join(' · ');
  return { data, voice, sms, summary };
}

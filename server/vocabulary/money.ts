import { DEFAULT_LOCALE, memoized, type Locale } from './locale.ts';

/** An amount in a currency's minor units, as Gigs sends prices: {amount: 1500, currency: 'USD'} is $15. */
export type Money = { amount: number; currency: string };

/** How many minor units a currency has, per Intl (USD 2, JPY 0, KWD 3); 2 for a code Intl refuses. */
export const minorDigits = memoized((currency: string): number => {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
});

const currencyFormat = memoized((locale: Locale, currency: string) => new Intl.NumberFormat(locale, { style: 'currency', currency }));

/** Major units (Centra's prices, e.g. 19.9 SEK) in the locale's words: "SEK 19.90". */
export function formatMajorMoney(m: Money | null | undefined, locale: Locale = DEFAULT_LOCALE): string {
  if (!m || !Number.isFinite(m.amount)) return '';
  try {
    return currencyFormat(locale, m.currency).format(m.amount);
  } catch {
    return `${m.amount.toFixed(minorDigits(m.currency))} ${m.currency}`;
  }
}

/** The amount in major units: 1500 USD cents → 15; 1500 JPY → 1500. */
export const toMajor = (m: Money) => m.amount / 10 ** minorDigits(m.currency);

/** Minor units (Gigs' prices) in the locale's words, each currency with its own digits: "US$15.00", "JP¥1,500". */
export function formatMoney(m: Money | null | undefined, locale: Locale = DEFAULT_LOCALE): string {
  return m && Number.isFinite(m.amount) ? formatMajorMoney({ amount: toMajor(m), currency: m.currency }, locale) : '';
}

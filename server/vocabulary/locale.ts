/** A BCP 47 language tag, as Intl takes it: 'en-GB', 'fr'. */
export type Locale = string;

/**
 * English as written in Europe: day before month ("2 Dec 2026"), 24-hour clock, European zone
 * abbreviations (CET), and currency symbols that tell dollars apart (US$, CA$).
 */
export const DEFAULT_LOCALE: Locale = 'en-GB';

/**
 * The same answer for the same arguments, made once: Intl formatters cost far more to build than
 * to use, and a table of a thousand prices would otherwise build a thousand.
 */
export function memoized<A extends (string | undefined)[], V>(make: (...args: A) => V): (...args: A) => V {
  const made = new Map<string, V>();
  return (...args) => {
    const key = args.join('\u0000');
    let value = made.get(key);
    if (value === undefined) made.set(key, (value = make(...args)));
    return value;
  };
}

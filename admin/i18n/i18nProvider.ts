import polyglotI18nProvider from 'ra-i18n-polyglot';
import type { I18nProvider, TranslationMessages } from 'react-admin';
import { LANGUAGES, type Language } from './languages.ts';
import type { ScreenPart } from './parts.ts';

/** react-admin's translator, plus what a screen waits for before it first shows. */
export type SubdeskI18nProvider = I18nProvider & {
  /**
   * Resolves once the screen parts are loaded in the language on screen (and in the one being
   * switched to, if a switch is under way); from then on `translate` answers their keys at once.
   */
  loadParts(parts: readonly ScreenPart[]): Promise<void>;
};

type Piece = ScreenPart | 'base';

/**
 * react-admin's translator over the message files, loaded in pieces: a language's base (react-admin's
 * words and the shell's) and each screen's part, fetched with the screen (`lazyView`). The first
 * language's base is given at once (react-admin needs it before the first screen). Translating
 * stays synchronous: each time a piece of the language on screen arrives, polyglot is rebuilt over
 * all that is loaded. Choosing a language loads its base and every part asked for so far before
 * it switches; react-admin keeps the choice in its store (./store.ts) and asks for it again on the
 * next load. `<html lang>` follows, so screen readers read French as French.
 */
export function createI18nProvider(languages: readonly Language[] = LANGUAGES): SubdeskI18nProvider {
  const first = languages[0]!;
  const languageOf = (locale: string) => languages.find((l) => l.locale === locale) ?? first;
  const locales = languages.map(({ locale, name }) => ({ locale, name }));
  /** The pieces fetched so far (or being fetched), per locale. */
  const pieces = new Map<string, Map<Piece, Promise<object>>>();
  /** The pieces that have arrived, per locale. */
  const arrived = new Map<string, Map<Piece, object>>();
  /** Every part a screen has asked for: a language switch brings them along. */
  const wanted = new Set<ScreenPart>();

  const firstBase = first.base();
  if (firstBase instanceof Promise) throw new Error(`The messages of ${first.locale} must be given at once.`);
  arrived.set(first.locale, new Map([['base', firstBase]]));

  const build = (locale: string) =>
    polyglotI18nProvider(() => Object.assign({}, ...(arrived.get(locale)?.values() ?? [])) as TranslationMessages, locale, locales);
  let shown = first.locale;
  let switchingTo = first.locale;
  let polyglot = build(shown);

  function load(locale: string, piece: Piece): Promise<object> {
    const ofLocale = pieces.get(locale) ?? pieces.set(locale, new Map()).get(locale)!;
    const known = ofLocale.get(piece);
    if (known) return known;
    const language = languageOf(locale);
    const loading = Promise.resolve(piece === 'base' ? language.base() : language.parts[piece]()).then(
      (messages) => {
        (arrived.get(locale) ?? arrived.set(locale, new Map()).get(locale)!).set(piece, messages);
        if (locale === shown) polyglot = build(shown);
        return messages;
      },
      (err: unknown) => {
        ofLocale.delete(piece); // a chunk that failed to download is tried again next time
        throw err;
      },
    );
    ofLocale.set(piece, loading);
    return loading;
  }
  pieces.set(first.locale, new Map([['base', Promise.resolve(firstBase)]]));

  return {
    translate: (key, options) => polyglot.translate(key, options),
    getLocale: () => shown,
    getLocales: () => locales,
    async changeLocale(locale) {
      switchingTo = locale;
      await Promise.all([load(locale, 'base'), ...[...wanted].map((part) => load(locale, part))]);
      if (switchingTo !== locale) return; // a later choice won
      shown = locale;
      polyglot = build(shown);
      document.documentElement.lang = languageOf(locale).intl;
    },
    async loadParts(parts) {
      for (const part of parts) wanted.add(part);
      const inUse = new Set([shown, switchingTo]);
      await Promise.all([...inUse].flatMap((locale) => parts.map((part) => load(locale, part))));
    },
  };
}

export const i18nProvider = createI18nProvider();

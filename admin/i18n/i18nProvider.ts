import polyglotI18nProvider from 'ra-i18n-polyglot';
import type { I18nProvider } from 'react-admin';
import { DEFAULT_LANGUAGE, intlLocaleOf, LANGUAGES, loadMessages } from './languages.ts';
import { en } from './en/index.ts';

const polyglot = polyglotI18nProvider(
  (locale) => (locale === DEFAULT_LANGUAGE.locale ? en : loadMessages(locale)),
  DEFAULT_LANGUAGE.locale,
  LANGUAGES.map(({ locale, name }) => ({ locale, name })),
);

/**
 * react-admin's translator over the message files. The default language's messages are given at
 * once (react-admin needs them before the first screen); another one is loaded when chosen.
 * react-admin keeps the choice in its store (./store.ts) and asks for it again on the next load.
 * `<html lang>` follows, so screen readers read French as French.
 */
export const i18nProvider: I18nProvider = {
  ...polyglot,
  async changeLocale(locale, options) {
    await polyglot.changeLocale(locale, options);
    document.documentElement.lang = intlLocaleOf(locale);
  },
};

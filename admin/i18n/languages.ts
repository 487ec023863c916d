import type { TranslationMessages } from 'react-admin';
import { DEFAULT_LOCALE, type Locale } from '../../server/vocabulary/index.ts';
import { en } from './en/index.ts';

/**
 * The languages staff can choose, in the chooser's order. `locale` is react-admin's (kept in its
 * store), `intl` the tag dates, numbers and money are written in, `messages` loads the language's
 * file (the first language is bundled, the others are fetched when chosen).
 */
export const LANGUAGES = [
  { locale: 'en', name: 'English', intl: DEFAULT_LOCALE, messages: async () => en },
  { locale: 'fr', name: 'Français', intl: 'fr-FR', messages: async () => (await import('./fr/index.ts')).fr },
] as const satisfies readonly { locale: string; name: string; intl: Locale; messages: () => Promise<TranslationMessages> }[];

export const DEFAULT_LANGUAGE = LANGUAGES[0];

const languageOf = (locale: string) => LANGUAGES.find((l) => l.locale === locale) ?? DEFAULT_LANGUAGE;

/** The Intl tag of a react-admin locale: 'fr' → 'fr-FR'; an unknown one writes as the default. */
export const intlLocaleOf = (locale: string): Locale => languageOf(locale).intl;

export const loadMessages = (locale: string): Promise<TranslationMessages> => languageOf(locale).messages();

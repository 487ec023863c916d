import type { TranslationMessages } from 'react-admin';
import { DEFAULT_LOCALE, type Locale } from '../../server/vocabulary/index.ts';
import type { ScreenPartLoaders } from './parts.ts';
import { base as englishBase } from './en/base.ts';

type Language = {
  locale: string;
  name: string;
  intl: Locale;
  /** react-admin's words and the shell's: the first language's at once (react-admin needs them before the first screen), another's when chosen. */
  base: () => TranslationMessages | Promise<TranslationMessages>;
  /** Each screen's words, fetched with the screen (see ./parts.ts). */
  parts: ScreenPartLoaders;
};

/**
 * The languages staff can choose, in the chooser's order. `locale` is react-admin's (kept in its
 * store), `intl` the tag dates, numbers and money are written in.
 */
export const LANGUAGES = [
  {
    locale: 'en',
    name: 'English',
    intl: DEFAULT_LOCALE,
    base: () => englishBase,
    parts: {
      customers: () => import('./en/customers.ts').then((m) => m.customers),
      gigs: () => import('./en/gigs.ts').then((m) => m.gigs),
      centra: () => import('./en/centra.ts').then((m) => m.centra),
      timeline: () => import('./en/timeline.ts').then((m) => m.timeline),
      connectLinks: () => import('./en/connectLinks.ts').then((m) => m.connectLinks),
      plans: () => import('./en/plans.ts').then((m) => m.plans),
      charts: () => import('./en/charts.ts').then((m) => m.charts),
      audit: () => import('./en/audit.ts').then((m) => m.audit),
      staff: () => import('./en/staff.ts').then((m) => m.staff),
      status: () => import('./en/status.ts').then((m) => m.status),
      security: () => import('./en/security.ts').then((m) => m.security),
    },
  },
  {
    locale: 'fr',
    name: 'Français',
    intl: 'fr-FR',
    base: () => import('./fr/base.ts').then((m) => m.base),
    parts: {
      customers: () => import('./fr/customers.ts').then((m) => m.customers),
      gigs: () => import('./fr/gigs.ts').then((m) => m.gigs),
      centra: () => import('./fr/centra.ts').then((m) => m.centra),
      timeline: () => import('./fr/timeline.ts').then((m) => m.timeline),
      connectLinks: () => import('./fr/connectLinks.ts').then((m) => m.connectLinks),
      plans: () => import('./fr/plans.ts').then((m) => m.plans),
      charts: () => import('./fr/charts.ts').then((m) => m.charts),
      audit: () => import('./fr/audit.ts').then((m) => m.audit),
      staff: () => import('./fr/staff.ts').then((m) => m.staff),
      status: () => import('./fr/status.ts').then((m) => m.status),
      security: () => import('./fr/security.ts').then((m) => m.security),
    },
  },
] as const satisfies readonly Language[];

export type { Language };

export const DEFAULT_LANGUAGE = LANGUAGES[0];

const languageOf = (locale: string) => LANGUAGES.find((l) => l.locale === locale) ?? DEFAULT_LANGUAGE;

/** The Intl tag of a react-admin locale: 'fr' → 'fr-FR'; an unknown one writes as the default. */
export const intlLocaleOf = (locale: string): Locale => languageOf(locale).intl;

export { i18nProvider } from './i18nProvider.ts';
export { subdeskStore } from './store.ts';
export { useT, type MessageKey, type Translate } from './useT.ts';
export { useFormat, type Format } from './useFormat.ts';
export { LANGUAGES, intlLocaleOf } from './languages.ts';

export { i18nProvider } from './i18nProvider.ts';
export type { ScreenPart } from './parts.ts';
export { subdeskStore } from './store.ts';
export { useT, useStatusWord, type MessageKey, type Translate } from './useT.ts';
export type { MessageParams } from './messages.ts';
export { useFormat, formatsIn, type Format } from './useFormat.ts';
export { LANGUAGES, intlLocaleOf } from './languages.ts';
export { RichMessage } from './RichMessage.tsx';
export { useOutcomes } from './useOutcomes.ts';

/**
 * The words the vocabulary's formatters put around numbers, with %{placeholders}, and for the
 * words with `smart_count` a singular and a plural form ("one |||| many", polyglot's notation).
 * English is the server's (the plans API's texts, exports) and the SPA's default; the SPA's other
 * languages translate the same keys (`vocabulary.*` in admin/i18n/) and pass their own `say`.
 */
export const VOCABULARY_WORDS = {
  unlimited: 'Unlimited',
  none: 'None',
  unlimitedData: 'Unlimited data',
  unlimitedCalls: 'Unlimited calls',
  unlimitedSms: 'Unlimited SMS',
  minutes: '%{count} min',
  sms: '%{count} SMS',
  // How often, per unit: languages differ by unit ("toutes les semaines", "tous les mois").
  everyDay: 'every day |||| every %{count} days',
  everyWeek: 'every week |||| every %{count} weeks',
  everyMonth: 'every month |||| every %{count} months',
  everyYear: 'every year |||| every %{count} years',
  // A unit Intl does not know, with its length as formatDuration writes it.
  every: 'every %{length}',
  renews: 'renews %{every}',
  oneTime: 'one-time, %{length}',
  pricePer: '%{price} / %{length}',
};

export type VocabularyWord = keyof typeof VOCABULARY_WORDS;

/** Says one of the words with its placeholders filled. */
export type Say = (word: VocabularyWord, params?: Record<string, string | number>) => string;

export const sayInEnglish: Say = (word, params = {}) => {
  const [one, many = one] = VOCABULARY_WORDS[word].split(' |||| ');
  const form = params.smart_count === undefined || params.smart_count === 1 ? one! : many;
  return form.replace(/%\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
};

/**
 * Outcomes and their colours, the same on every screen: the audit log, an entry's page, the
 * customer's History, the daily chart, the Connect links. Colours are the theme's palette names
 * (MUI's Chip `color`); the SPA always shows the outcome's word beside the colour, which is never
 * the only signal. The words are the reader's, in the SPA's messages (`outcomes.*` in admin/i18n/):
 * in lower case as they sit in a line ("requested, then succeeded"); a list of choices or a legend
 * starts them with a capital (`capitalised`).
 */
export type OutcomeColor = 'default' | 'success' | 'error' | 'warning' | 'info';
type Vocabulary<K extends string> = Record<K, OutcomeColor>;

/** What an audit entry says happened. `requested` is written before the upstream call. */
export const AUDIT_OUTCOMES = ['requested', 'succeeded', 'failed', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const AUDIT_OUTCOME: Vocabulary<AuditOutcome | 'unknown'> = {
  succeeded: 'success',
  failed: 'error',
  // Refused by a rule (a role, a session): not broken, but worth a look.
  denied: 'warning',
  // In progress: its outcome entry normally follows within the upstream timeout.
  requested: 'default',
  // A `requested` entry that nothing settled (a crash, a lost answer): someone must look.
  unknown: 'warning',
};

/** What became of a Connect link. */
export const LINK_OUTCOMES = ['pending', 'completed', 'abandoned', 'failed', 'revoked'] as const;
export type LinkOutcome = (typeof LINK_OUTCOMES)[number];

export const LINK_OUTCOME: Vocabulary<LinkOutcome> = {
  pending: 'info',
  completed: 'success',
  // The customer's choice, not an error.
  abandoned: 'default',
  failed: 'error',
  revoked: 'warning',
};

/** The colour of an outcome; one the vocabulary does not know is shown plainly. */
export function outcomeColor(vocabulary: Readonly<Record<string, OutcomeColor>>, outcome: string): OutcomeColor {
  return vocabulary[outcome] ?? 'default';
}

/** "outcome unknown" → "Outcome unknown": the word where it starts a line (a choice, a legend, a column). */
export const capitalised = (label: string) => label.charAt(0).toUpperCase() + label.slice(1);

/**
 * Outcomes in words and colours, the same on every screen: the audit log, an entry's page, the
 * customer's History, the daily chart, the Connect links. Colours are the theme's palette names
 * (MUI's Chip `color`); the word is always shown beside the colour, which is never the only signal.
 * Words are in lower case as they sit in a line ("requested, then succeeded"); a list of choices
 * or a legend starts them with a capital (`capitalised`).
 */
export type OutcomeColor = 'default' | 'success' | 'error' | 'warning' | 'info';
type Vocabulary<K extends string> = Record<K, { label: string; color: OutcomeColor }>;

/** What an audit entry says happened. `requested` is written before the upstream call. */
export const AUDIT_OUTCOMES = ['requested', 'succeeded', 'failed', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const AUDIT_OUTCOME: Vocabulary<AuditOutcome | 'unknown'> = {
  succeeded: { label: 'succeeded', color: 'success' },
  failed: { label: 'failed', color: 'error' },
  // Refused by a rule (a role, a session): not broken, but worth a look.
  denied: { label: 'denied', color: 'warning' },
  // In progress: its outcome entry normally follows within the upstream timeout.
  requested: { label: 'requested', color: 'default' },
  // A `requested` entry that nothing settled (a crash, a lost answer): someone must look.
  unknown: { label: 'outcome unknown', color: 'warning' },
};

/** What became of a Connect link. */
export const LINK_OUTCOME: Vocabulary<'pending' | 'completed' | 'abandoned' | 'failed' | 'revoked'> = {
  pending: { label: 'pending', color: 'info' },
  completed: { label: 'completed', color: 'success' },
  // The customer's choice, not an error.
  abandoned: { label: 'abandoned', color: 'default' },
  failed: { label: 'failed', color: 'error' },
  revoked: { label: 'revoked', color: 'warning' },
};

/** The word and colour of an outcome; one the vocabulary does not know is shown as it is. */
export function outcomeOf<K extends string>(vocabulary: Vocabulary<K>, outcome: string): { label: string; color: OutcomeColor } {
  return (vocabulary as Record<string, { label: string; color: OutcomeColor }>)[outcome] ?? { label: outcome, color: 'default' };
}

/** "outcome unknown" → "Outcome unknown": the word where it starts a line (a choice, a legend, a column). */
export const capitalised = (label: string) => label.charAt(0).toUpperCase() + label.slice(1);

/** `{id, name}` choices for a filter of these outcomes, in the order given. */
export const outcomeChoices = <K extends string>(vocabulary: Vocabulary<K>, ids: readonly K[]) => ids.map((id) => ({ id, name: capitalised(vocabulary[id].label) }));

/**
 * Outcomes in words and colours, the same on every screen: the audit log, an entry's page, the
 * customer's History, the daily chart, the Connect links. Colours are the theme's palette names
 * (MUI's Chip `color`); the word is always shown beside the colour, which is never the only signal.
 */
export type OutcomeColor = 'default' | 'success' | 'error' | 'warning' | 'info';
type Vocabulary<K extends string> = Record<K, { label: string; color: OutcomeColor }>;

/** What an audit entry says happened. `requested` is written before the upstream call. */
export const AUDIT_OUTCOMES = ['requested', 'succeeded', 'failed', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const AUDIT_OUTCOME: Vocabulary<AuditOutcome | 'unknown'> = {
  succeeded: { label: 'Succeeded', color: 'success' },
  failed: { label: 'Failed', color: 'error' },
  // Refused by a rule (a role, a session): not broken, but worth a look.
  denied: { label: 'Denied', color: 'warning' },
  // In progress: its outcome entry normally follows within the upstream timeout.
  requested: { label: 'Requested', color: 'default' },
  // A `requested` entry that nothing settled (a crash, a lost answer): someone must look.
  unknown: { label: 'Outcome unknown', color: 'warning' },
};

/** What became of a Connect link. */
export const LINK_OUTCOME: Vocabulary<'pending' | 'completed' | 'abandoned' | 'failed' | 'revoked'> = {
  pending: { label: 'Pending', color: 'info' },
  completed: { label: 'Completed', color: 'success' },
  // The customer's choice, not an error.
  abandoned: { label: 'Abandoned', color: 'default' },
  failed: { label: 'Failed', color: 'error' },
  revoked: { label: 'Revoked', color: 'warning' },
};

/** The word and colour of an outcome; one the vocabulary does not know is shown as it is. */
export function outcomeOf<K extends string>(vocabulary: Vocabulary<K>, outcome: string): { label: string; color: OutcomeColor } {
  return (vocabulary as Record<string, { label: string; color: OutcomeColor }>)[outcome] ?? { label: outcome, color: 'default' };
}

/** `{id, name}` choices for a filter of these outcomes, in the vocabulary's order. */
export const outcomeChoices = <K extends string>(vocabulary: Vocabulary<K>, ids: readonly K[]) => ids.map((id) => ({ id, name: vocabulary[id].label }));

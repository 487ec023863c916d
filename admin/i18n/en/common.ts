import { VOCABULARY_WORDS, type AuditOutcome, type LinkOutcome } from '../../../server/vocabulary/index.ts';

/** Words several screens share: upstream states, outcomes, and what a screen says while it waits. */
export const common = {
  common: {
    close: 'Close',
    cancel: 'Cancel',
    empty: '(empty)',
    someone: 'someone',
    justNow: 'just now',
    somethingWrong: 'Something went wrong; try again.',
    didNotWork: 'That did not work. Try again.',
  },
  /**
   * The states Gigs and Centra give subscriptions, SIMs, payments and catalogue items, as chips
   * show them. A state an upstream adds later is shown as it comes (see useStatusWord).
   */
  statuses: {
    active: 'active',
    pending: 'pending',
    initiated: 'initiated',
    paused: 'paused',
    suspended: 'suspended',
    ended: 'ended',
    cancelled: 'cancelled',
    revoked: 'revoked',
    expired: 'expired',
    failed: 'failed',
    inactive: 'inactive',
    deleted: 'deleted',
    available: 'available',
    archived: 'archived',
    draft: 'draft',
    unlisted: 'unlisted',
    retired: 'retired',
  },
  /** The words the vocabulary's formatters put around numbers ("every 2 weeks", "Unlimited"): English is the vocabulary's own. */
  vocabulary: VOCABULARY_WORDS,
  /** Outcomes in lower case, as they sit in a line; the colours are the vocabulary's (server/vocabulary/outcomes.ts). */
  outcomes: {
    audit: {
      succeeded: 'succeeded',
      failed: 'failed',
      denied: 'denied',
      requested: 'requested',
      unknown: 'outcome unknown',
    } satisfies Record<AuditOutcome | 'unknown', string>,
    link: {
      pending: 'pending',
      completed: 'completed',
      abandoned: 'abandoned',
      failed: 'failed',
      revoked: 'revoked',
    } satisfies Record<LinkOutcome, string>,
  },
  /** An audit entry's before and after, in the Audit log and the customer's History. */
  diff: {
    none: 'No before or after recorded for this entry.',
    table: 'Before and after',
    field: 'Field',
    before: 'Before',
    after: 'After',
    change: 'Change',
    added: '+ added',
    removed: '− removed',
    changed: '~ changed',
  },
};

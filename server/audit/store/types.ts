import type { AuditFilter } from '../filter.ts';
import type { Page, QMatches, StoredRow } from '../query.ts';
import type { VerifyResult } from '../chain-walk.ts';
import type { AuditVerifier } from '../signing.ts';
import type { WitnessReading } from '../witness.ts';
import type { AUDIT_OUTCOMES } from '../../vocabulary/outcomes.ts';

/** Entries of one outcome in a time range. */
export type OutcomeCount = { outcome: (typeof AUDIT_OUTCOMES)[number]; n: number };

/**
 * The audit log's reading side, one implementation per engine (sqlite.ts, postgres.ts; built by
 * index.ts). Appends go through the engine's AuditTrail, never through here. Each method is one
 * storage job: what to show, refuse or write stays with the routes, the CLI and reconcile.ts.
 */
export interface AuditStore {
  /** The newest entry's seq (0 for an empty log): an export's upper bound, and the unfiltered count. */
  lastSeq(): Promise<number>;
  entryBySeq(seq: number): Promise<StoredRow | undefined>;
  /** One page of matches in seq order, with the total (exact below COUNT_WINDOW past the page, query.ts). */
  listPage(filter: AuditFilter, order: 'ASC' | 'DESC', start: number, limit: number, matches?: QMatches): Promise<Page>;
  /**
   * The matches in seq order up to `upTo` (entries appended meanwhile belong to the next export),
   * in batches of EXPORT_BATCH (export.ts); memory stays at one batch whatever the size.
   */
  exportBatches(filter: AuditFilter, upTo: number, matches?: QMatches): AsyncIterable<StoredRow[]>;
  /** Entries per outcome with `fromIso <= time < toIso`. */
  outcomeCounts(fromIso: string, toIso: string): Promise<OutcomeCount[]>;
  /**
   * Centra subscriptions cancelled through subdesk with `fromIso <= time < toIso`: the log is the
   * only record of when one was cancelled (Centra does not say), for the plans' weekly chart.
   */
  centraCancellations(fromIso: string, toIso: string): Promise<number>;
  /** `requested` entries still waiting for their outcome (the audit_pending list), oldest first. */
  pendingEntries(): Promise<StoredRow[]>;
  /** Whether an entry of `action` about `target` exists. */
  hasEntryAbout(target: { type: string; id: string }, action: string): Promise<boolean>;
  /**
   * The whole chain and its checkpoints from one snapshot, judged by ChainWalk (chain-walk.ts)
   * and, when given, against the witness read before this call.
   */
  verify(verifier: AuditVerifier, options?: { batchSize?: number; witness?: WitnessReading }): Promise<VerifyResult>;
}

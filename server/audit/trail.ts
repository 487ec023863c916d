import type { ChainHead } from './entry.ts';
import type { AuditEntry, AuditInput } from './log.ts';

/**
 * The audit log as code that works on either engine sees it: SQLite's AuditLog (server/audit/log.ts)
 * and PostgreSQL's PgAuditLog (server/storage/pg/audit-append.ts) both are one. Entries written
 * outside a store's transaction go through `append`; a store that writes rows and their entry
 * together uses its engine's own log (`engine.audit`, docs/postgres.md).
 */
export interface AuditTrail {
  /** One entry, committed durably before the promise resolves (group commit with its neighbours). */
  append(input: AuditInput): Promise<AuditEntry>;
  /** Several entries, in order, in one durable transaction. */
  appendBatch(inputs: AuditInput[]): Promise<AuditEntry[]>;
  /** Signs a checkpoint of the head unless it has one; the checkpointed seq, or null with no signer or no entry. */
  checkpoint(): Promise<number | null>;
  /** The newest entry's seq, hash and time (undefined for an empty log). */
  currentHead(): Promise<ChainHead | undefined>;
}

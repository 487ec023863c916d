import type { connectSessions } from '../../../db/schema.ts';
import type { AuditInput } from '../../audit/log.ts';

type Row = typeof connectSessions.$inferSelect;

/** A Connect link subdesk made (never its url: the table has none). Add-on ids as a list on both engines. */
export type ConnectSessionRow = Omit<Row, 'addonIds'> & { addonIds: string[] | null };
export type NewConnectSession = Omit<typeof connectSessions.$inferInsert, 'addonIds' | 'outcome' | 'outcomeAt' | 'callbackStatus'> & {
  addonIds: string[] | null;
};
export type Outcome = Row['outcome'];
export type SettledOutcome = Exclude<Outcome, 'pending' | 'revoked'>;

export type SessionFilter = {
  staffEmail?: string;
  customerId?: string;
  subscriptionId?: string;
  intent?: string | string[];
  outcome?: string | string[];
  id?: string | string[];
};

export type SessionListQuery = {
  filter: SessionFilter;
  sort: { field: 'id' | 'createdAt' | 'outcomeAt' | 'intent' | 'staffEmail' | 'outcome'; order: 'ASC' | 'DESC' };
  start: number;
  limit: number;
};

/** Outcomes a callback or Gigs can still settle: a revoked link may still be used at Gigs (it documents no revoke). */
export const SETTLEABLE: readonly Outcome[] = ['pending', 'revoked'];

/**
 * The connect_sessions table (server/gigs/store/index.ts picks the engine's). Every instance reads
 * and writes the same rows; a change of outcome is a conditional UPDATE, so of two instances (or
 * two requests) settling or revoking the same link, exactly one changes it and writes its entry.
 */
export type ConnectSessionsStore = {
  /** Keeps a new link; a second insert of the same session id (a replayed click) keeps the first row. */
  insert(row: NewConnectSession): Promise<void>;
  get(id: string): Promise<ConnectSessionRow | undefined>;
  /**
   * Settles a link still pending or revoked, with its audit entry in the same durable transaction.
   * True only for the call that changed it; false (and no entry) when it was settled already.
   */
  settleWithAudit(change: { id: string; outcome: SettledOutcome; callbackStatus: string | null; at: string }, audit: AuditInput): Promise<boolean>;
  /** Withdraws a pending link, with its audit entry, as settleWithAudit. */
  revokeWithAudit(change: { id: string; at: string }, audit: AuditInput): Promise<boolean>;
  /** Links still pending made before `before` (ISO), oldest first. */
  pendingBefore(before: string, limit: number): Promise<ConnectSessionRow[]>;
  /** A page of links, the filter's every field matched, and how many match. */
  list(q: SessionListQuery): Promise<{ rows: ConnectSessionRow[]; total: number }>;
};

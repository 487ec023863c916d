/** One audit entry as GET /api/audit-events answers it. */
export type AuditRecord = {
  id: number;
  seq: number;
  time: string;
  requestId: string;
  actorType: 'staff' | 'customer' | 'system' | 'anonymous';
  actorId: string | null;
  actorEmail: string | null;
  actorRole: string | null;
  ip: string | null;
  userAgent: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  customerId: string | null;
  /** The customer's name (or e-mail) from the customer index; null when the index does not know the id. */
  customerName: string | null;
  request: unknown;
  before: unknown;
  after: unknown;
  outcome: 'requested' | 'succeeded' | 'failed' | 'denied';
  error: unknown;
  upstreamRef: string | null;
  prevHash: string;
  hash: string;
};

/** The outcomes a filter offers, in this order. */
export const FILTER_OUTCOMES = ['succeeded', 'failed', 'denied', 'requested'] as const;

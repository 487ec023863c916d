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

export const OUTCOME_CHOICES = [
  { id: 'succeeded', name: 'Succeeded' },
  { id: 'failed', name: 'Failed' },
  { id: 'denied', name: 'Denied' },
  { id: 'requested', name: 'Requested' },
];

export const OUTCOME_COLOR: Record<string, 'success' | 'error' | 'warning' | 'default'> = {
  succeeded: 'success',
  failed: 'error',
  denied: 'warning',
  requested: 'default',
};

export const formatTime = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

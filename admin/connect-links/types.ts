/** A row of GET /api/connect-sessions (server/gigs/sessions-store.ts present()). No url, ever. */
export type ConnectLinkRecord = {
  id: string;
  customerId: string;
  staffId: number | null;
  staffEmail: string | null;
  intent: string;
  subscriptionId: string | null;
  planId: string | null;
  addonIds: string[];
  gigsUserId: string | null;
  requestId: string;
  createdAt: string;
  outcome: 'pending' | 'completed' | 'abandoned' | 'failed' | 'revoked';
  outcomeAt: string | null;
  callbackStatus: string | null;
};

export const OUTCOME_CHOICES = [
  { id: 'pending', name: 'Pending' },
  { id: 'completed', name: 'Completed' },
  { id: 'abandoned', name: 'Abandoned' },
  { id: 'failed', name: 'Failed' },
  { id: 'revoked', name: 'Revoked' },
];

export const OUTCOME_COLOR: Record<string, 'info' | 'success' | 'default' | 'error' | 'warning'> = { pending: 'info', completed: 'success', abandoned: 'default', failed: 'error', revoked: 'warning' };

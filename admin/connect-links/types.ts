import type { LINK_OUTCOMES } from '../../server/vocabulary/index.ts';

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
  outcome: (typeof LINK_OUTCOMES)[number];
  outcomeAt: string | null;
  callbackStatus: string | null;
};

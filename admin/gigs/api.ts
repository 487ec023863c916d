import { dataProvider } from '../dataProvider.ts';
import type { AgentIntent } from './intents.ts';

/** The POST answer: the links-list row plus the url, which exists only here and in component state. */
export type CreatedLink = { id: string; url: string; intent: string; customerId: string; createdAt: string };

/**
 * Creates the Connect Session through the data provider's plain `post` (not `create`), so the
 * answer never enters react-admin's record cache or store. `clientRequestId` is made once per
 * dialog: pressing "Create link" again after a timeout replays the same session.
 */
export function createConnectLink(customerId: string, clientRequestId: string, intent: AgentIntent): Promise<CreatedLink> {
  return dataProvider.post<CreatedLink>('connect-sessions', { customerId, clientRequestId, intent });
}

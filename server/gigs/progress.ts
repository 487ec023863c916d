import type { Deps } from '../deps.ts';

/**
 * What Gigs says of a pending session now, for the agent watching it: `opened`, `completed`,
 * `abandoned`, `expired`, or null when Gigs sends no status (its documentation names none; the
 * sandbox sends one, see upstream/gigs-schemas.ts) or cannot be asked. Read only: the callback
 * and the settling job record outcomes, so a look never races the customer's own callback.
 */
export async function liveProgress(deps: Pick<Deps, 'gigs' | 'logger'>, sessionId: string): Promise<string | null> {
  try {
    return (await deps.gigs.getConnectSession(sessionId)).status ?? null;
  } catch (err) {
    deps.logger.warn('Connect link progress: Gigs could not be asked', { sessionId, error: String(err) });
    return null;
  }
}

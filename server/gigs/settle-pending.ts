import type { Deps } from '../deps.ts';
import { newRequestId } from '../audit/log.ts';
import { UpstreamError } from '../upstream/errors.ts';
import { settleFromGigs } from './callback.ts';
import { inBackground } from '../upstream/priority.ts';

export const SETTLE_ACTION = 'gigs.connectSession.settle';

/** A link younger than this may still be in the customer's hands: its callback settles it. */
const SETTLE_AFTER_MS = 10 * 60_000;
/** Sessions asked about per run: a backlog is worked off run by run. */
const SETTLE_BATCH = 100;
const SETTLE_EVERY_MS = 5 * 60_000;

/**
 * Links whose callback never settled them (the customer closed the tab, or Gigs could not confirm
 * when they came back) are asked about again: what Gigs says now settles them, recorded by
 * "system". One that Gigs still calls pending, or that it cannot be asked about, stays pending for
 * the next run. Answers how many were settled.
 */
export async function settlePendingSessions(deps: Deps): Promise<number> {
  const before = new Date(deps.clock().getTime() - SETTLE_AFTER_MS).toISOString();
  let settled = 0;
  for (const row of await deps.connectSessions.pendingBefore(before, SETTLE_BATCH)) {
    let session;
    try {
      session = await deps.gigs.getConnectSession(row.id);
    } catch (err) {
      // Gigs is unreachable or refuses: try again next run (a 404 too: it may be Gigs' hiccup).
      deps.logger.warn('Connect session settling: Gigs could not be asked', {
        sessionId: row.id,
        error: err instanceof UpstreamError ? err.message : String(err),
      });
      return settled;
    }
    const outcome = await settleFromGigs(deps, row, session, null, { requestId: newRequestId(), actor: { type: 'system' } }, SETTLE_ACTION);
    if (outcome) settled++;
  }
  return settled;
}

/** Runs settlePendingSessions every few minutes (the timer does not keep the process alive). */
export function scheduleSessionSettling(deps: Deps): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    inBackground(() => settlePendingSessions(deps))
      .catch((err) => deps.logger.error('Connect session settling failed', { error: String(err) }))
      .finally(() => (running = false));
  }, SETTLE_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

import type { Reconciler } from '../audit/reconcile.ts';
import { UpstreamError } from '../upstream/errors.ts';
import { readCustomerGigs } from './customer-gigs.ts';
import { connectIdempotencyKey } from './idempotency.ts';
import { auditedCreateRequest } from './intents.ts';
import { sessionBody } from './session-body.ts';

/**
 * Settles a `gigs.connectSession.create` left `requested` by a crash. Gigs has no list of
 * Connect Sessions to look in, so the proof is the idempotency key: the key is made again from
 * the entry (idempotency.ts) and the same request is sent once more.
 *
 * - Gigs had made the session: it replays it (same id) → `succeeded` with that id. Its url is
 *   dropped at once: the agent never saw it, and a retry of the same click replays it to them.
 * - Gigs had not received it: the session is made now, under the very key the agent's retry of
 *   the click would use, so it is still the one session for that click (never a second one).
 * - Gigs refuses it (4xx): nothing exists for this click → `failed` with Gigs' reason.
 * - Gigs cannot be reached, or the entry cannot be read: null, the entry stays "outcome
 *   unknown" until the next start (or a person checks).
 */
export const reconcileConnectSessionCreate: Reconciler = async (entry, deps) => {
  const parsed = auditedCreateRequest.safeParse(entry.request);
  if (!parsed.success || !entry.actorId) return null;
  const body = parsed.data;
  try {
    const customer = await readCustomerGigs(deps, body.customerId);
    const gigsBody = await sessionBody(deps, customer, body.intent);
    const key = connectIdempotencyKey({ staffId: entry.actorId, customerId: body.customerId, retryKey: body.retryKey, intent: body.intent });
    const session = await deps.gigs.createConnectSession(gigsBody, key);
    await deps.connectSessions.insert({
      id: session.id,
      customerId: body.customerId,
      staffId: Number(entry.actorId),
      staffEmail: entry.actorEmail,
      intent: body.intent.type,
      subscriptionId: 'subscription' in body.intent ? body.intent.subscription : null,
      planId: 'plan' in body.intent ? body.intent.plan : null,
      addonIds: 'addons' in body.intent ? body.intent.addons : null,
      gigsUserId: customer.user?.id ?? null,
      requestId: entry.requestId,
      createdAt: entry.time,
    });
    return {
      outcome: 'succeeded',
      after: { sessionId: session.id, intent: session.intent.type, user: session.user ?? null, linkShown: false },
      upstreamRef: session.id,
    };
  } catch (err) {
    if (
      err instanceof UpstreamError &&
      err.kind === 'http' &&
      err.details.status !== undefined &&
      err.details.status < 500 &&
      err.details.status !== 429 &&
      err.details.status !== 401 &&
      err.details.status !== 403
    ) {
      return { outcome: 'failed', error: { message: err.message, code: err.details.code ?? null, status: err.details.status } };
    }
    return null;
  }
};

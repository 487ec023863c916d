import type { Deps } from '../deps.ts';
import type { RequestOrigin } from '../audit/log.ts';
import { runAction } from '../audit/action.ts';
import type { GigsConnectSessionCreate } from '../upstream/gigs.ts';
import { readCustomerGigs, type CustomerGigs } from './customer-gigs.ts';
import { sessionBody } from './session-body.ts';
import { checkIntent, type CheckedIntent } from './check-intent.ts';
import { connectErrorToAppError } from './errors.ts';
import { connectIdempotencyKey } from './idempotency.ts';
import type { CreateSessionRequest } from './intents.ts';
import { present } from './connect-sessions.ts';

export const CREATE_ACTION = 'gigs.connectSession.create';

type Staff = { id: number; email: string };

/** What the audit keeps of a subscription (the "before"): its state, not the customer's details. */
const snapshot = (c: CheckedIntent) => ({
  ...(c.subscription
    ? {
        subscription: {
          id: c.subscription.id,
          status: c.subscription.status,
          plan: c.subscription.plan?.id ?? null,
          planName: c.subscription.plan?.name ?? null,
          endedAt: c.subscription.endedAt ?? null,
          canceledAt: c.subscription.canceledAt ?? null,
        },
      }
    : { plan: c.plan ? { id: c.plan.id, status: c.plan.status, name: c.plan.name } : null }),
  // Names as well as ids: the customer's timeline says what the link was for in words.
  ...(c.addon ? { addon: { id: c.addon.id, name: c.addon.name } } : {}),
});

/**
 * Makes a Connect Session for a customer on an agent's behalf (docs/architecture.md, "An action, step by step"): reads
 * and checks the customer's live state, logs `requested`, asks Gigs with the click's
 * idempotency key, logs the outcome (session id, never the url), keeps a connect_sessions row,
 * and hands the url back to the caller, the only place it ever goes.
 */
export async function createSessionForCustomer(deps: Deps, origin: RequestOrigin, staff: Staff, body: CreateSessionRequest) {
  let customer!: CustomerGigs;
  let checked!: CheckedIntent;
  let gigsBody!: GigsConnectSessionCreate;
  const key = connectIdempotencyKey({ staffId: staff.id, customerId: body.customerId, retryKey: body.retryKey, intent: body.intent });
  const targetGuess = 'subscription' in body.intent ? { type: 'gigs-subscription', id: body.intent.subscription } : { type: 'customer', id: body.customerId };
  let session;
  try {
    session = await runAction(origin, deps, {
      action: CREATE_ACTION,
      target: targetGuess,
      customerId: body.customerId,
      // What the agent asked for; the key is derivable from it (see idempotency.ts), the url never part of it.
      request: { customerId: body.customerId, retryKey: body.retryKey, intent: body.intent },
      readBefore: async () => {
        customer = await readCustomerGigs(deps, body.customerId);
        checked = await checkIntent(deps, customer, body.intent);
        gigsBody = await sessionBody(deps, customer, body.intent);
        return { ...snapshot(checked), gigsUser: customer.user?.id ?? null, sentAs: customer.user ? 'user' : 'userDetails' };
      },
      // Not runAction's per-request key: the click's key, so a retried click replays (idempotency.ts).
      perform: () => deps.gigs.createConnectSession(gigsBody, key),
      describeAfter: (s) => ({ sessionId: s.id, intent: s.intent.type, user: s.user ?? null, callbackUrl: s.callbackUrl ?? null }),
      upstreamRef: (s) => s.id,
    });
  } catch (err) {
    throw connectErrorToAppError(err);
  }

  const payload = (session.intent as Record<string, unknown>)[session.intent.type] as { plan?: string; subscription?: string; addons?: string[] } | undefined;
  await deps.connectSessions.insert({
    id: session.id,
    customerId: body.customerId,
    staffId: staff.id,
    staffEmail: staff.email,
    intent: body.intent.type,
    subscriptionId: checked.subscription?.id ?? payload?.subscription ?? null,
    planId: checked.plan?.id ?? payload?.plan ?? null,
    addonIds: checked.addon ? [checked.addon.id] : null,
    gigsUserId: customer.user?.id ?? null,
    requestId: origin.requestId,
    createdAt: deps.clock().toISOString(),
  });
  const row = (await deps.connectSessions.get(session.id))!;
  return { ...present(row), url: session.url };
}

import { AppError } from '../http/errors.ts';
import { upstreamToAppError } from '../http/upstream-errors.ts';
import { UpstreamError } from '../upstream/errors.ts';
import { UNSAFE_CONNECT_LINK } from '../upstream/gigs.ts';

/**
 * Gigs' refusals of a Connect Session, in the agent's words: what went wrong and what to do.
 * Codes are the ones docs/upstreams.md and the sandbox name; others fall back to the generic
 * mapping (which quotes Gigs' own message).
 */
const BY_CODE: Record<string, string> = {
  planNotAvailable: 'Gigs says this plan is archived or no longer sold. Nothing was created; reload the plans and choose an available one.',
  planNotFound: 'Gigs does not know this plan any more. Nothing was created; reload the plans and choose another.',
  addonNotAvailable: "Gigs says this add-on is not available for the subscription's plan. Nothing was created; choose another add-on.",
  addonNotFound: 'Gigs does not know this add-on any more. Nothing was created; choose another add-on.',
  userAlreadyExists:
    'Gigs already has a user with this e-mail address. Nothing was created; reload the customer (the Gigs account should now show) and make the link again.',
  userNotFound: "Gigs no longer knows this customer's user. Nothing was created; reload the customer page.",
  userNotActive: "This customer's Gigs account is blocked or deleted, so Connect cannot be opened for them. Nothing was created; check the account in Gigs.",
  subscriptionNotFound: 'Gigs does not know this subscription. Nothing was created; reload the customer page.',
  subscriptionNotOwned: 'Gigs says this subscription belongs to someone else. Nothing was created; reload the customer page.',
  subscriptionEnded: 'This subscription has ended in Gigs. Nothing was created; reload the customer page.',
};

export function connectErrorToAppError(err: unknown): unknown {
  if (!(err instanceof UpstreamError)) return err;
  const code = err.details.code;
  if (code === UNSAFE_CONNECT_LINK) {
    return new AppError(
      502,
      'Gigs sent a link that is not a secure web address (https), so subdesk did not show it and nothing reached the customer. Tell an admin: making the link again will not help until Gigs sends https links.',
      {},
      code,
    );
  }
  if (err.kind === 'http' && code && BY_CODE[code]) return new AppError(409, BY_CODE[code], {}, code);
  if (err.kind === 'timeout') {
    return new AppError(
      504,
      'Gigs did not answer in time. Press "Create link" again: the same link is returned if Gigs made it, and no second one is created.',
      {},
      'upstreamTimeout',
    );
  }
  if (err.kind === 'network')
    return new AppError(502, 'Gigs cannot be reached right now. No link was created; try again in a minute.', {}, 'upstreamUnreachable');
  return upstreamToAppError(err);
}

import { AppError } from '../http/errors.ts';
import { upstreamToAppError } from '../http/upstream-errors.ts';
import { UpstreamError } from '../upstream/errors.ts';
import { COUNTRY_RULE } from './schemas.ts';

/**
 * Centra's rule refusals (400 with `{"errors":{"<field>":"<text>"}}`) as the sentence an agent
 * acts on, keeping Centra's own words. Our local checks catch these first; this covers the
 * moment between our read and Centra's (another agent, a catalogue change). Anything that is not
 * a rule refusal keeps the shared mapping (502/504/404).
 */
export function centraRefusal(err: unknown): unknown {
  if (!(err instanceof UpstreamError) || err.system !== 'centra' || err.kind !== 'http') return err;
  const status = err.details.status ?? 0;
  const fields = err.details.fieldErrors ?? {};
  if (status < 400 || status >= 500 || status === 401 || status === 403 || status === 404 || status === 429 || !Object.keys(fields).length) {
    return upstreamToAppError(err);
  }
  const said = Object.entries(fields)
    .map(([f, m]) => `${f} ${m}`)
    .join('; ');
  let message = `Centra refused the change (${said}). Nothing was changed; reload the customer page and check the subscription.`;
  if (fields.country) message = `Centra refused: ${COUNTRY_RULE}`;
  else if (fields.subscriptionPlan)
    message = `Centra says this plan does not offer the item now (${fields.subscriptionPlan}). Nothing was changed; reload the customer page and pick one of the plans offered now.`;
  else if (fields.status)
    message = `Centra refused the status change (${fields.status}). Cancelling is final: a cancelled subscription cannot come back; the customer checks out again for a new one.`;
  else if (fields.quantity) message = `Centra refused the quantity (${fields.quantity}). Decreasing is always possible; for more, add a new subscription.`;
  return new AppError(409, message, fields, 'upstreamRule');
}

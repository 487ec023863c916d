import { AppError } from './errors.ts';
import { SYSTEM_NAME, type UpstreamError } from '../upstream/errors.ts';

/**
 * Turns an upstream failure into what the agent reads: 409 when the upstream refused by one of
 * its rules (the message says which), 404 when it does not know the thing, 504 when it did
 * not answer in time, 503 with the wait when it is rate-limiting subdesk, 502 for everything else.
 * Services may throw a more specific AppError.
 */
export function upstreamToAppError(err: UpstreamError): AppError {
  const name = SYSTEM_NAME[err.system];
  const { status, fieldErrors, code } = err.details;
  if (err.kind === 'timeout') {
    return new AppError(
      504,
      `${name} did not answer in time. The change may not have been made: check the customer page before trying again.`,
      {},
      'upstreamTimeout',
    );
  }
  if (err.kind === 'network') {
    return new AppError(502, `${name} cannot be reached right now. Nothing was changed; try again in a minute.`, {}, 'upstreamUnreachable');
  }
  if (err.kind === 'malformed') {
    return new AppError(502, `${name} sent an answer subdesk could not read. Try again; if it keeps happening, tell an admin.`, {}, 'upstreamMalformed');
  }
  if (status === 404)
    return new AppError(404, `${name} does not know this record (${err.message}). It may have been removed; reload the customer.`, {}, 'upstreamNotFound');
  if (status === 401 || status === 403) {
    return new AppError(502, `${name} refused subdesk's credentials. Nothing was changed; tell an admin to check the ${name} API key.`, {}, 'upstreamAuth');
  }
  if (status === 429) {
    const wait = err.details.retryAfterSeconds;
    return new AppError(
      503,
      `${name} is rate-limiting subdesk; try again in ${wait ? `${Math.ceil(wait)} s` : 'a minute'}. Nothing was changed.`,
      {},
      'upstreamRateLimited',
    );
  }
  if (status !== undefined && status >= 500)
    return new AppError(502, `${name} had an internal error. Nothing was changed; try again in a minute.`, {}, 'upstreamError');
  // 400/409/422 and the like: the upstream refused by one of its rules.
  const fields = fieldErrors && Object.keys(fieldErrors).length ? fieldErrors : {};
  const detail =
    Object.entries(fields)
      .map(([f, m]) => `${f} ${m}`)
      .join('; ') || err.message;
  return new AppError(409, `${name} refused the change: ${detail}.`, fields, code ?? 'upstreamRule');
}

import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Context } from 'hono';
import { AppError, respondError } from './errors.ts';

/**
 * The most any request body may be, on every path: subdesk's API, the public Connect callback,
 * webhooks, the SPA's files, paths that match nothing. subdesk's own largest body (an address
 * form, a staff member) is a few hundred bytes.
 */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The embedded sandboxes stand in for Gigs and Centra, whose own limits are larger than
 * subdesk's (a GraphQL document built from Centra's schema, a page of event ids to confirm,
 * hosted Connect forms): an emulator must not refuse what the real API would take, so they get
 * more room, still bounded, since their routes read whole bodies. (subdesk's own clients send
 * them at most about 1.5 KB: the contract listing's GraphQL document, measured over the suites.)
 */
export const MAX_SANDBOX_BODY_BYTES = 1024 * 1024;

// Answered here rather than thrown, so the standalone sandbox (server/cli/sandbox.ts) answers the same.
const tooLarge = (max: number) => (c: Context) =>
  respondError(c, new AppError(413, `The request is too large (at most ${max / 1024} KiB).`, { body: 'is too large' }, 'bodyTooLarge'));

/**
 * One limit, applied before any route. A body whose length is announced is judged by that header
 * alone (HTTP/1.1 reads no more than it announces), and no route reads the body of a GET or HEAD:
 * the body is then left for the route that wants it, which @hono/node-server reads straight from
 * the socket. Touching the body here would make it build a whole fetch Request for every request
 * instead, about a third of the cost of taking a webhook delivery (bench/feeds.ts). Any other body
 * (chunked, or of unknown length) is counted as it arrives and cut off as soon as it passes the
 * limit (hono/body-limit), so no route ever holds more than the limit in memory.
 */
export function bodyLimits(): MiddlewareHandler {
  const limit = (max: number) => ({ max, counted: bodyLimit({ maxSize: max, onError: tooLarge(max) }) });
  const limits = { app: limit(MAX_BODY_BYTES), sandbox: limit(MAX_SANDBOX_BODY_BYTES) };
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const { max, counted } = c.req.path.startsWith('/sandbox/') ? limits.sandbox : limits.app;
    const headers = c.req.raw.headers;
    const length = headers.get('content-length');
    if (length === null || headers.has('transfer-encoding')) return counted(c, next);
    return Number.parseInt(length, 10) > max ? tooLarge(max)(c) : next();
  };
}

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
 * One limit, applied before any route: a body announced larger is refused before a byte of it is
 * read, and a chunked one is cut off as soon as it passes the limit (hono/body-limit), so no
 * route ever holds more than the limit in memory.
 */
export function bodyLimits(): MiddlewareHandler {
  const app = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge(MAX_BODY_BYTES) });
  const sandbox = bodyLimit({ maxSize: MAX_SANDBOX_BODY_BYTES, onError: tooLarge(MAX_SANDBOX_BODY_BYTES) });
  return (c, next) => (c.req.path.startsWith('/sandbox/') ? sandbox(c, next) : app(c, next));
}

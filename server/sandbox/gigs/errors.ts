import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The `type` Gigs puts in its error envelope for each status (docs/upstreams.md, "Requests and errors"). */
const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid',
  401: 'unauthenticated',
  403: 'permissionDenied',
  404: 'notFound',
  409: 'conflict',
  422: 'unprocessable',
  429: 'rateLimited',
};

export type GigsErrorBody = { object: 'error'; type: string; message: string; code?: string };

export function gigsErrorBody(status: number, message: string, opts: { type?: string; code?: string } = {}): GigsErrorBody {
  const body: GigsErrorBody = { object: 'error', type: opts.type ?? TYPE_BY_STATUS[status] ?? (status >= 500 ? 'internal' : 'invalid'), message };
  if (opts.code) body.code = opts.code;
  return body;
}

/** Thrown by handlers and turned into the Gigs error envelope by the emulator's onError. */
export class GigsApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly opts: { type?: string; code?: string } = {},
  ) {
    super(message);
  }
}

export const invalid = (message: string, code?: string) => new GigsApiError(400, message, { type: 'invalid', code });
export const malformed = (message: string) => new GigsApiError(400, message, { type: 'malformed' });
export const notFound = (what: string, id: string) => new GigsApiError(404, `No ${what} with id '${id}' exists in this project.`, { code: `${what}NotFound` });
export const unprocessable = (message: string, code: string) => new GigsApiError(422, message, { code });

export function sendError(c: Context, err: GigsApiError) {
  return c.json(gigsErrorBody(err.status, err.message, err.opts), err.status);
}

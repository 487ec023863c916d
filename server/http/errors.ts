import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export type FieldErrors = Record<string, string>;

/**
 * The one error type routes and services throw. Its message is written for a support agent
 * and names what to do next; `errors` names the offending fields (react-admin shows them
 * beside the inputs in pessimistic mode).
 */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly errors: FieldErrors = {},
    readonly code?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, errors: FieldErrors = {}) => new AppError(400, message, errors);
export const notFound = (what = 'That record') => new AppError(404, `${what} was not found. It may have been removed; search again.`);
export const conflict = (message: string, errors: FieldErrors = {}) => new AppError(409, message, errors);

export function errorBody(err: AppError) {
  return { message: err.message, errors: err.errors, ...(err.code ? { code: err.code } : {}) };
}

export function respondError(c: Context, err: AppError) {
  return c.json(errorBody(err), err.status);
}

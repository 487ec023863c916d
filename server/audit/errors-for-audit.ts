import { AppError } from '../http/errors.ts';
import { UpstreamError } from '../upstream/errors.ts';

/**
 * What an `error` column holds: plain data naming what went wrong, never a stack or a secret
 * (record() redacts on top). UpstreamError keeps the upstream's status, type, code and fields.
 */
export function errorForAudit(err: unknown): unknown {
  if (err instanceof UpstreamError) return err.toJSON();
  if (err instanceof AppError)
    return {
      status: err.status,
      message: err.message,
      ...(Object.keys(err.errors).length ? { errors: err.errors } : {}),
      ...(err.code ? { code: err.code } : {}),
    };
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { message: String(err) };
}

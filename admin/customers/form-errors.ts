import type { MessageKey } from '../i18n/index.ts';

/**
 * A rejected save as react-admin's `Form` shows it: the server's `{message, errors}` body (see
 * server/http/errors.ts) becomes field errors beside their inputs, and the message a root error.
 * Return it from a form's `onSubmit`; only meaningful for pessimistic saves. The server's words are
 * English (the API's); without any, a message key FormRootError translates.
 */
export function serverErrors(err: unknown): Record<string, unknown> {
  const e = err as { message?: string; body?: { message?: string; errors?: Record<string, string> } };
  const fields = e?.body?.errors ?? {};
  // `reason.text` names a nested input: react-hook-form reads the dotted path.
  return { ...fields, root: { serverError: e?.body?.message ?? e?.message ?? ('common.somethingWrong' satisfies MessageKey) } };
}

import type { ValidationTargets } from 'hono';
import { validator } from 'hono-openapi';
import type { ZodError, ZodType } from 'zod';
import { AppError, type FieldErrors } from './errors.ts';

/** Turns zod issues into `{field: message}`, naming unknown fields by their own name. */
export function fieldErrorsOf(error: Pick<ZodError, 'issues'>): FieldErrors {
  // A Map, not a plain object: a field named `toString`, `constructor` or `__proto__` would
  // otherwise hit Object.prototype and vanish, leaving a 400 that names no field.
  const errors = new Map<string, string>();
  const add = (field: string, message: string) => {
    if (!errors.has(field)) errors.set(field, message);
  };
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const base = issue.path.join('.');
      // A blank name (`?+=1` is a parameter named " ") is shown quoted, so the answer still names it.
      for (const key of issue.keys) {
        const name = key.trim() ? key : `(blank name ${JSON.stringify(key)})`;
        add(base ? `${base}.${name}` : name, 'is not a known field');
      }
      continue;
    }
    add(issue.path.length ? issue.path.join('.') : 'body', issue.message);
  }
  return Object.fromEntries(errors);
}

/** The labels a form shows for its fields, by key: messages name fields as the agent sees them. */
export type FieldLabels = Readonly<Record<string, string>>;

export function validationError(error: Pick<ZodError, 'issues'>, target = 'request', labels?: FieldLabels): AppError {
  const errors = fieldErrorsOf(error);
  const fields = Object.keys(errors);
  if (!fields.length) return new AppError(400, `The ${target} is not valid.`, errors);
  if (labels) {
    // "Postal code must be …. Also check Phone number." The keys stay in `errors`, for the form to place them.
    const [first, ...rest] = fields.map((f) => labels[f] ?? f);
    const also = rest.length ? ` Also check ${rest.join(', ')}.` : '';
    return new AppError(400, `${first} ${errors[fields[0]!]!.replace(/\.$/, '')}.${also}`, errors);
  }
  return new AppError(400, `Please check ${fields.map((f) => `"${f}"`).join(', ')}: ${errors[fields[0]!]}`, errors);
}

/**
 * Validates one part of the request with its zod schema, answering subdesk's error shape: 400
 * `{message, errors: {field: msg}}`; with `labels`, the message names fields by the labels the
 * SPA shows (a form's route). hono-openapi's validator (Standard Schema, which zod implements)
 * also records the schema on the route, so GET /api/openapi.json describes exactly what the
 * routes accept (server/routes/openapi.ts). JSON bodies must be objects sent as
 * application/json (enforced earlier by the write guard).
 */
export function validate<Target extends keyof ValidationTargets, Schema extends ZodType>(target: Target, schema: Schema, labels?: FieldLabels) {
  return validator(target, schema, (result) => {
    // Zod's issues, handed through Standard Schema unchanged.
    if (!result.success) throw validationError({ issues: result.error as unknown as ZodError['issues'] }, target, labels);
  });
}

import type { z } from 'zod';
import { invalid } from './errors.ts';

/** zod's first complaint as Gigs words it: 400 `invalid`, naming the field. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length ? `${issue.path.join('.')}.` : '';
    throw invalid(`Unknown field '${where}${issue.keys[0]}'.`, 'unknownField');
  }
  const field = issue.path.join('.') || 'body';
  throw invalid(`Field '${field}' is invalid: ${issue.message}.`);
}

import type { Context } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { errorBody } from '../http/errors.ts';
import { ThrottledError } from './sign-in.ts';

/**
 * Runs a step that counts against the sign-in throttle (a password, a second factor, a re-checked
 * password); a throttled one is answered 429 with Retry-After, anything else goes on as usual.
 */
export async function answerThrottled<T>(c: Context<AppEnv>, step: () => Promise<T>): Promise<T | Response> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof ThrottledError) {
      c.header('Retry-After', String(err.retryAfterSeconds));
      return c.json(errorBody(err), 429);
    }
    throw err;
  }
}

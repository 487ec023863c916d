import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.ts';
import { AppError } from './errors.ts';
import { SYSTEM_NAME, type UpstreamSystem } from '../upstream/errors.ts';

/** The API resources that belong to one system. */
const RESOURCES: [RegExp, UpstreamSystem][] = [
  [/^\/api\/(gigs-[a-z-]+|connect-sessions|plans\/gigs[a-z-]*)(\/|$)/, 'gigs'],
  [/^\/api\/(centra-[a-z-]+|plans\/centra[a-z-]*)(\/|$)/, 'centra'],
];

/**
 * A system the business does not use (UPSTREAMS) has no resources: its routes answer 404 with
 * that reason instead of calling a client that points nowhere.
 */
export function systemInUse(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { used } = c.get('deps').config;
    for (const [pattern, system] of RESOURCES) {
      if (!used[system] && pattern.test(c.req.path)) {
        throw new AppError(404, `${SYSTEM_NAME[system]} is not used by this business (UPSTREAMS), so there is nothing here.`, {}, 'systemNotUsed');
      }
    }
    await next();
  };
}

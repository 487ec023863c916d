import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { timingSafeEqual } from 'node:crypto';
import type { Emulator, EmulatorDeps } from '../index.ts';
import { FaultInjector } from '../faults.ts';
import type { Person } from '../people.ts';
import { CentraError } from './input.ts';
import { CentraRules } from './rules.ts';
import { controlRoutes } from './routes-control.ts';
import { graphqlRoute } from './routes-graphql.ts';
import { orderRoutes } from './routes-order.ts';
import { shopRoutes } from './routes-shop.ts';
import { migrateCentra } from './schema.ts';
import { seedCentra } from './seed.ts';
import { CentraStore } from './store.ts';

const MOUNT = /^\/sandbox\/centra(?=\/|$)/;

function sameSecret(given: string | undefined, expected: string) {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Shop and Order APIs: `API-Authorization: <key>`, refused in Centra's envelope. */
function apiKeyAuth(apiKey: string): MiddlewareHandler {
  return async (c, next) => {
    if (!sameSecret(c.req.header('api-authorization'), apiKey)) return c.json({ errors: { apiKey: 'missing or invalid API-Authorization header' } }, 401);
    return next();
  };
}

/** Integration API: `Authorization: Bearer <token>`, refused in GraphQL's envelope. */
function bearerAuth(token: string): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const given = /^Bearer\s+(.+)$/i.exec(header)?.[1];
    if (!sameSecret(given, token)) return c.json({ errors: [{ message: 'Unauthorized: missing or invalid Bearer token' }] }, 401);
    return next();
  };
}

/**
 * The Centra emulator, mounted at /sandbox/centra: the Shop API under /api/shop, the Order API
 * under /api/order, the Integration API at POST /graphql, and test controls under /_sandbox
 * (faults, stats). State lives in the shared sandbox SQLite in `centra_*` tables.
 */
export function createCentraSandbox(deps: EmulatorDeps): Emulator {
  let store: CentraStore | undefined;
  let rules: CentraRules | undefined;
  const getStore = () => (store ??= new CentraStore(deps.db));
  const getRules = () => (rules ??= new CentraRules(getStore(), deps.clock));
  const stats = () => ({ ...(rules?.applied ?? { address: 0, interval: 0, status: 0, quantity: 0 }) });
  const faults = new FaultInjector((_status, message) => ({ errors: { server: message } }));

  const app = new Hono();
  app.onError((err, c) => {
    if (err instanceof CentraError) return c.json({ errors: err.errors }, err.status);
    return c.json({ errors: { server: String((err as Error)?.message ?? err) } }, 500);
  });

  const relativePath = (c: Context) => c.req.path.replace(MOUNT, '') || '/';
  app.use('/_sandbox/*', apiKeyAuth(deps.apiKey));
  app.route('/_sandbox', controlRoutes(faults, stats));

  const faulty = faults.middleware(relativePath);
  app.use('/api/*', faulty);
  app.use('/graphql', faulty);
  app.use('/api/*', apiKeyAuth(deps.apiKey));
  app.use('/graphql', bearerAuth(deps.apiKey));
  app.route('/api/order', orderRoutes(getStore));
  app.route('/api/shop', shopRoutes(getStore, getRules));
  app.route('/graphql', graphqlRoute(getStore));
  app.all('*', (c) => c.json({ errors: { path: `no such endpoint: ${c.req.method} ${relativePath(c)}` } }, 404));

  return {
    app,
    migrate: () => migrateCentra(deps.db),
    seed(people: Iterable<Person>, onProgress?: (done: number) => void) {
      migrateCentra(deps.db);
      seedCentra(deps.db, people, deps.clock(), onProgress);
      store?.forgetShape();
    },
    stats,
    close() {
      faults.clear();
      faults.releaseAll();
    },
  };
}

import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { timingSafeEqual } from 'node:crypto';
import type { Emulator, EmulatorDeps } from '../index.ts';
import { FaultInjector } from '../faults.ts';
import type { Person } from '../people.ts';
import { CentraError } from './input.ts';
import { CentraRules } from './rules.ts';
import { controlRoutes } from './routes-control.ts';
import { graphqlRoute, type IntegrationSettings } from './routes-graphql.ts';
import { buildIntegrationSchemas } from './integration/schema.ts';
import { ContractListing } from './integration/listing.ts';
import { ALL_PERMISSIONS, integrationRoot } from './integration/resolvers.ts';
import { EventQueue, migrateEvents } from './integration/events.ts';
import { SandboxRateLimit } from '../rate-limit.ts';
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
 * How the sandbox's Integration API behaves: as documented; without the contract listing; with a
 * token refused SubscriptionContract:read; in an environment where Centra has not enabled the
 * Events system; with a token refused Event:read and Event:write.
 */
export const INTEGRATION_MODES = ['full', 'without-contracts', 'without-permission', 'without-events', 'without-event-permission'] as const;
export type IntegrationMode = (typeof INTEGRATION_MODES)[number];

export function integrationSettings(mode: IntegrationMode): IntegrationSettings {
  const permissions = new Set<string>(ALL_PERMISSIONS);
  if (mode === 'without-permission') permissions.delete('SubscriptionContract:read');
  if (mode === 'without-event-permission') for (const p of ['Event:read', 'Event:write']) permissions.delete(p);
  return { contractsField: mode !== 'without-contracts', permissions, eventsEnabled: mode !== 'without-events' };
}

/**
 * The Centra emulator, mounted at /sandbox/centra: the Shop API under /api/shop, the Order API
 * under /api/order, the Integration API at POST /graphql, and test controls under /_sandbox
 * (faults, stats, the Integration API's settings). State lives in the shared sandbox SQLite in
 * `centra_*` tables. One rate limit covers the three APIs: Centra counts per environment.
 */
export function createCentraSandbox(deps: EmulatorDeps & { integration?: IntegrationMode }): Emulator {
  let store: CentraStore | undefined;
  let rules: CentraRules | undefined;
  let listing: ContractListing | undefined;
  let events: EventQueue | undefined;
  const getStore = () => (store ??= new CentraStore(deps.db));
  const getRules = () => (rules ??= new CentraRules(getStore(), deps.clock));
  const limit = new SandboxRateLimit(deps.rateLimit?.requests ?? 0, deps.rateLimit?.perSeconds ?? 10);
  const stats = () => ({ ...(rules?.applied ?? { address: 0, interval: 0, status: 0, quantity: 0 }), rateLimited: limit.refused });
  const faults = new FaultInjector((_status, message) => ({ errors: { server: message } }));
  let integration = integrationSettings(deps.integration ?? 'full');
  const schemas = buildIntegrationSchemas();
  // Statements are prepared on first use: the tables exist only once migrate() ran.
  const root = integrationRoot(
    () => (listing ??= new ContractListing(deps.db)),
    () => (events ??= new EventQueue(deps.db)),
  );

  const app = new Hono();
  app.onError((err, c) => {
    if (err instanceof CentraError) return c.json({ errors: err.errors }, err.status);
    return c.json({ errors: { server: String((err as Error)?.message ?? err) } }, 500);
  });

  const relativePath = (c: Context) => c.req.path.replace(MOUNT, '') || '/';
  app.use('/_sandbox/*', apiKeyAuth(deps.apiKey));
  app.route(
    '/_sandbox',
    controlRoutes(faults, stats, (mode) => (integration = integrationSettings(mode)), getStore),
  );

  const limited = limit.middleware((message) => ({ errors: { rateLimit: message } }));
  app.use('/api/*', limited);
  app.use(
    '/graphql',
    limit.middleware((message) => ({ errors: [{ message, extensions: { code: 'RATE_LIMITED' } }] })),
  );
  const faulty = faults.middleware(relativePath);
  app.use('/api/*', faulty);
  app.use('/graphql', faulty);
  app.use('/api/*', apiKeyAuth(deps.apiKey));
  app.use('/graphql', bearerAuth(deps.apiKey));
  app.route('/api/order', orderRoutes(getStore));
  app.route('/api/shop', shopRoutes(getStore, getRules));
  app.route(
    '/graphql',
    graphqlRoute(
      schemas,
      () => integration,
      () => root,
    ),
  );
  app.all('*', (c) => c.json({ errors: { path: `no such endpoint: ${c.req.method} ${relativePath(c)}` } }, 404));

  return {
    app,
    migrate: () => {
      migrateCentra(deps.db);
      migrateEvents(deps.db);
    },
    seed(people: Iterable<Person>, onProgress?: (done: number) => void) {
      migrateCentra(deps.db);
      migrateEvents(deps.db);
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

import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { timingSafeEqual } from 'node:crypto';
import type { Emulator, EmulatorDeps } from '../index.ts';
import { FaultInjector } from '../faults.ts';
import { SandboxRateLimit } from '../rate-limit.ts';
import type { Person } from '../people.ts';
import { MutationStats, type GigsCtx } from './context.ts';
import { GigsApiError, gigsErrorBody, sendError } from './errors.ts';
import { seedGigs } from './seed.ts';
import { GigsStore } from './store.ts';
import { migrateGigsTables } from './tables.ts';
import { usersRoutes } from './routes/users.ts';
import { subscriptionsRoutes } from './routes/subscriptions.ts';
import { catalogRoutes } from './routes/catalog.ts';
import { subscriptionAddonsRoutes } from './routes/subscription-addons.ts';
import { connectSessionsRoutes } from './routes/connect-sessions.ts';
import { controlRoutes } from './routes/control.ts';
import { connectPageRoutes } from './connect/page.ts';
import { webhookControlRoutes } from './routes/webhooks-control.ts';
import { GigsWebhookSender } from './webhooks/sender.ts';
import { eventOf } from './webhooks/events.ts';

/**
 * The one project the emulator serves. Equal to SANDBOX_GIGS_PROJECT in ../index.ts (which the
 * clients are configured with); not imported from there, so this module loads on its own.
 */
export const GIGS_SANDBOX_PROJECT = 'subdesk-sandbox';

/**
 * The embedded Gigs emulator (docs/upstreams.md, "Gigs").
 * Mounted by subdesk at /sandbox/gigs; its own paths are /projects/:project/..., the hosted
 * Connect page under /connect/..., and test controls under /_sandbox/...
 */
export function createGigsSandbox(deps: EmulatorDeps): Emulator & { webhooks: GigsWebhookSender } {
  let store: GigsStore | undefined;
  const webhooks = new GigsWebhookSender();
  const ctx: GigsCtx = {
    // Statements are prepared on first use: the tables exist only once migrate() ran.
    get store() {
      store ??= (migrateGigsTables(deps.db), new GigsStore(deps.db));
      return store;
    },
    clock: deps.clock,
    stats: new MutationStats(),
    publicBaseUrl: deps.publicBaseUrl.replace(/\/+$/, ''),
    emit: (events) => webhooks.send(events.map((e) => eventOf(e, deps.clock().getTime()))),
  };
  const faults = new FaultInjector((status, message) => gigsErrorBody(status, message));
  const limit = new SandboxRateLimit(deps.rateLimit?.requests ?? 0, deps.rateLimit?.perSeconds ?? 1);

  const app = new Hono();
  app.onError((err, c) => {
    if (err instanceof GigsApiError) return sendError(c, err);
    return c.json(gigsErrorBody(500, `Internal error in the Gigs sandbox: ${(err as Error).message}`), 500);
  });

  app.use('*', collapseSlashes(app));
  // Gigs documents no rate limit; the sandbox's optional one answers as the wire contract
  // assumes (429 \`rateLimited\` with Retry-After) so that subdesk's budget can be seen working.
  app.use(
    '/projects/*',
    limit.middleware((message) => ({ object: 'error', type: 'rateLimited', message })),
  );
  app.use(
    '/projects/*',
    faults.middleware((c) => belowMount(c, '/projects/*')),
  );
  app.use('/projects/*', requireKey(deps.apiKey));
  app.use('/_sandbox/*', requireKey(deps.apiKey));
  app.use('/projects/:project/*', async (c, next) => {
    const project = c.req.param('project');
    if (project !== GIGS_SANDBOX_PROJECT) return sendError(c, new GigsApiError(404, `Project '${project}' does not exist.`, { code: 'projectNotFound' }));
    return next();
  });

  for (const routes of [usersRoutes, subscriptionsRoutes, catalogRoutes, subscriptionAddonsRoutes, connectSessionsRoutes]) {
    app.route('/projects/:project', routes(ctx));
  }
  app.all('/projects/*', (c) => sendError(c, new GigsApiError(404, `No such endpoint: ${c.req.method} ${belowMount(c, '/projects/*')}.`)));
  const stats = () => ({ ...ctx.stats.snapshot(), rateLimited: limit.refused });
  app.route('/', controlRoutes(faults, stats));
  app.route('/', webhookControlRoutes(ctx, webhooks));
  app.route('/', connectPageRoutes(ctx));

  return {
    app,
    webhooks,
    migrate() {
      migrateGigsTables(deps.db);
    },
    seed(people: Iterable<Person>, onProgress?: (done: number) => void) {
      const anchor = Math.floor(deps.clock().getTime() / 3_600_000) * 3_600_000;
      const db = deps.db;
      // Ids are random strings, so their index pages are written all over the file: a large
      // page cache for the duration of the seed keeps a million customers to a few minutes.
      const cacheSize = db.pragma('cache_size', { simple: true }) as number;
      db.pragma('cache_size = -1048576');
      try {
        db.transaction(() => seedGigs(ctx.store, people, anchor, onProgress))();
      } finally {
        db.pragma(`cache_size = ${cacheSize}`);
      }
    },
    stats,
    close() {
      webhooks.stop();
      faults.clear();
      faults.releaseAll();
    },
  };
}

/** The request path below where this app is mounted (middleware registered at `registered`). */
function belowMount(c: Context, registered: string): string {
  const prefix = c.req.routePath.slice(0, c.req.routePath.length - registered.length);
  return c.req.path.slice(prefix.length) || '/';
}

/**
 * EX joins a base URL ending in `/` with `/plans` and calls `/projects/p//plans`; Gigs answers it,
 * so the emulator collapses repeated slashes and routes the request again.
 */
function collapseSlashes(app: Hono): MiddlewareHandler {
  return async (c, next) => {
    const rel = belowMount(c, '/*');
    if (!rel.includes('//')) return next();
    const url = new URL(c.req.url);
    const target = new URL(rel.replace(/\/{2,}/g, '/') + url.search, url.origin);
    const raw = c.req.raw;
    const body = raw.method === 'GET' || raw.method === 'HEAD' ? undefined : await raw.arrayBuffer();
    return app.fetch(new Request(target, { method: raw.method, headers: raw.headers, body }), c.env);
  };
}

function requireKey(apiKey: string): MiddlewareHandler {
  const expected = Buffer.from(`Bearer ${apiKey}`);
  return async (c, next) => {
    const given = Buffer.from(c.req.header('authorization') ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return c.json(gigsErrorBody(401, 'Invalid authorization token'), 401);
    }
    return next();
  };
}

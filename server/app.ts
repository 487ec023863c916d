import { Hono } from 'hono';
import { randomUUID } from 'node:crypto';
import { HTTPException } from 'hono/http-exception';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Deps } from './deps.ts';
import type { AppEnv } from './http/context.ts';
import { AppError, errorBody } from './http/errors.ts';
import { upstreamToAppError } from './http/upstream-errors.ts';
import { UpstreamError } from './upstream/errors.ts';
import { noStore, securityHeaders, writeGuard } from './http/security.ts';
import { bodyLimits } from './http/body-limit.ts';
import { loadPrincipal } from './auth/session-middleware.ts';
import { systemInUse } from './http/system-in-use.ts';
import { noteStaffAddress } from './http/public-address.ts';
import { apiRoutes } from './routes/index.ts';
import { connectCallbackRoutes } from './routes/connect-callback.ts';
import { webhookRoutes } from './routes/webhooks.ts';

export type AppOptions = {
  /** The built SPA (vite's outDir); omitted in API tests. */
  staticRoot?: string;
  /** The embedded sandboxes, mounted when no upstream is configured. */
  sandbox?: { gigs?: Hono; centra?: Hono };
};

export function createApp(deps: Deps, options: AppOptions = {}) {
  const app = new Hono<AppEnv>();

  app.onError((err, c) => {
    let appError: AppError;
    if (err instanceof AppError) appError = err;
    else if (err instanceof UpstreamError) appError = upstreamToAppError(err);
    else if (err instanceof HTTPException && err.status < 500) {
      appError = new AppError(err.status as 400, err.status === 413 ? 'The request is too large.' : 'The request body is not valid JSON.', {
        body: err.status === 413 ? 'is too large' : 'is not valid JSON',
      });
    } else {
      deps.logger.error('unhandled error', {
        path: c.req.path,
        method: c.req.method,
        requestId: c.get('requestId'),
        error: String((err as Error)?.stack ?? err),
      });
      appError = new AppError(500, 'Something went wrong inside subdesk. Nothing was lost; try again, and tell an admin if it keeps happening.');
    }
    return c.json(errorBody(appError), appError.status);
  });

  // Always our own id, never one the client sends: it is the Gigs idempotency key and links audit entries.
  app.use('*', async (c, next) => {
    const id = randomUUID();
    c.set('requestId', id);
    c.header('X-Request-Id', id);
    await next();
  });
  app.use('*', securityHeaders({ https: deps.config.publicUrl.startsWith('https:') }));
  // Before any route, the sandboxes' and the callback's included (server/http/body-limit.ts).
  app.use('*', bodyLimits());
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    c.set('principal', null);
    await next();
  });

  if (options.sandbox?.gigs) app.route('/sandbox/gigs', options.sandbox.gigs);
  if (options.sandbox?.centra) app.route('/sandbox/centra', options.sandbox.centra);

  app.use('/api/*', noStore());
  app.use('/api/*', writeGuard());
  app.use('/api/*', loadPrincipal());
  app.use('/api/*', systemInUse());
  app.use('/api/*', noteStaffAddress());
  app.route('/api', apiRoutes);
  app.all('/api/*', (c) => c.json({ message: 'There is no such API route.', errors: {} }, 404));
  // Public: where Connect sends customers back (CONNECT_CALLBACK_URL); before the SPA fallback.
  app.route('/', connectCallbackRoutes);
  // Public: upstreams' signed change-feed deliveries (the signature is the check); before the SPA fallback.
  app.route('/', webhookRoutes);

  if (options.staticRoot) {
    const root = options.staticRoot;
    app.use('/*', serveStatic({ root }));
    app.get('*', serveStatic({ root, path: 'index.html' }));
  }
  return app;
}

export type App = ReturnType<typeof createApp>;

import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfigOrExit } from './config.ts';
import { closeConfiguredDatabase, openConfiguredDatabase } from './storage/open.ts';
import { createLogger } from './logger.ts';
import { buildDeps } from './bootstrap.ts';
import { createApp } from './app.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function main() {
  const config = loadConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL);
  const database = await openConfiguredDatabase(config);

  // The sandbox is served by this same server, so the clients need its real port: listen first,
  // then build the app the listener hands requests to.
  // `env` carries the Node socket (the sandbox's dropped-connection fault needs it).
  let handler: ((req: Request, env: unknown) => Response | Promise<Response>) | undefined;
  const server = serve({
    fetch: (req, env) => (handler ? handler(req, env) : new Response('starting', { status: 503 })),
    port: config.PORT,
    hostname: config.HOST,
  });
  await new Promise<void>((r) => server.once('listening', () => r()));
  const port = (server.address() as AddressInfo).port;

  const built = await buildDeps({ config, database, logger, localPort: port });
  const app = createApp(built.deps, { staticRoot: resolve(root, 'dist'), sandbox: built.sandboxApps });
  // Start-up work (demo accounts, reconciliation of interrupted actions) talks to the sandbox on
  // this very server, so the sandbox answers at once; everything else waits until it is done.
  let ready = false;
  handler = (req, env) => {
    if (ready || new URL(req.url).pathname.startsWith('/sandbox/')) return app.fetch(req, env);
    return new Response(JSON.stringify({ message: 'subdesk is starting; try again in a moment.', errors: {} }), {
      status: 503,
      headers: { 'content-type': 'application/json', 'retry-after': '1' },
    });
  };
  await built.start();
  ready = true;

  const url = config.publicUrl.replace(`:${config.PORT}`, `:${port}`);
  console.log(`\nsubdesk is running at ${url}`);
  for (const line of built.banner) console.log(line);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    server.close();
    await built.stop();
    await closeConfiguredDatabase(database);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { bodyLimits } from '../http/body-limit.ts';
import { loadConfigOrExit } from '../config.ts';
import { createSandbox } from '../sandbox/index.ts';
import { progressBar } from './progress.ts';
import { commandLine } from './args.ts';

/**
 * `npm run sandbox -- [--port 8081] [--db data/sandbox.db] [--customers N] [--webhook-url URL]`:
 * the Gigs and Centra emulators on their own, in their own process, as a stand-in for the real
 * upstreams. Gigs' webhooks go to `--webhook-url` (default subdesk's on port 8080), signed with the
 * sandbox's endpoint secret. Prints the variables that point subdesk at them (one per line, and
 * once as JSON for scripts), so subdesk
 * runs exactly as it would against real Gigs and Centra: benchmarks and the load test use this to
 * keep the upstream's work off subdesk's event loop.
 */
async function main() {
  const { values: flags } = commandLine({
    options: { port: { type: 'string' }, customers: { type: 'string' }, db: { type: 'string' }, 'webhook-url': { type: 'string' } },
  });
  const config = loadConfigOrExit();
  const port = Number(flags.port ?? 8081);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a port number (got "${String(flags.port)}")`);
    process.exit(1);
  }
  const customers = Number(flags.customers ?? config.SANDBOX_CUSTOMERS);
  const dbPath = flags.db ?? config.sandboxDatabasePath;
  const base = `http://127.0.0.1:${port}`;
  const webhookUrl = flags['webhook-url'] ?? 'http://127.0.0.1:8080/webhooks/gigs';
  if (!URL.canParse(webhookUrl)) {
    console.error(`--webhook-url must be a URL (got "${webhookUrl}")`);
    process.exit(1);
  }
  const bar = progressBar('Seeding sandbox', customers);
  const sandbox = createSandbox({
    dbPath,
    customers,
    publicUrl: base,
    onSeedProgress: (n) => bar.update(n),
    limits: { centraRequestsPer10s: config.SANDBOX_CENTRA_REQUESTS_PER_10S, gigsRequestsPerSecond: config.SANDBOX_GIGS_REQUESTS_PER_SECOND },
    centraIntegration: config.SANDBOX_CENTRA_INTEGRATION,
  });
  // The same bounded bodies as when they are mounted in subdesk (server/http/body-limit.ts).
  const app = new Hono().use('*', bodyLimits()).route('/sandbox/gigs', sandbox.gigs).route('/sandbox/centra', sandbox.centra);
  const server = serve({ fetch: (req, env) => app.fetch(req, env), port, hostname: '127.0.0.1' });
  await new Promise<void>((r) => server.once('listening', () => r()));
  const { credentials } = sandbox;
  sandbox.gigsWebhooks.register({ url: webhookUrl, secret: credentials.gigsWebhookSecret });
  const env = {
    GIGS_API_URL: `${base}/sandbox/gigs`,
    GIGS_PROJECT: credentials.gigsProject,
    GIGS_API_KEY: credentials.gigsApiKey,
    GIGS_WEBHOOK_SECRET: credentials.gigsWebhookSecret,
    CENTRA_SHOP_API_URL: `${base}/sandbox/centra/api/shop`,
    CENTRA_ORDER_API_URL: `${base}/sandbox/centra/api/order`,
    CENTRA_API_KEY: credentials.centraApiKey,
    CENTRA_INTEGRATION_API_URL: `${base}/sandbox/centra/graphql`,
    CENTRA_INTEGRATION_API_TOKEN: credentials.centraApiKey,
  };
  console.log(`Sandbox upstreams listening on ${base} (data: ${dbPath}). Point subdesk at them with:`);
  for (const [k, v] of Object.entries(env)) {
    // Most Centra merchants give an integrator only the Shop and Order APIs: leave these two out to run that way.
    if (k === 'CENTRA_INTEGRATION_API_URL') console.log('# optional: without the next two, contracts are read through the Shop API');
    console.log(`${k}=${v}`);
  }
  const limits = [
    config.SANDBOX_CENTRA_REQUESTS_PER_10S && `Centra ${config.SANDBOX_CENTRA_REQUESTS_PER_10S} requests per 10 s`,
    config.SANDBOX_GIGS_REQUESTS_PER_SECOND && `Gigs ${config.SANDBOX_GIGS_REQUESTS_PER_SECOND} per second`,
  ].filter(Boolean);
  if (limits.length) console.log(`Rate limits (429 with Retry-After beyond them): ${limits.join(', ')}.`);
  if (config.SANDBOX_CENTRA_INTEGRATION !== 'full') console.log(`Centra's Integration API: ${config.SANDBOX_CENTRA_INTEGRATION}.`);
  console.log(`Gigs webhooks are delivered to ${webhookUrl} (the endpoint registered; change it with --webhook-url).`);
  console.log(`SANDBOX_ENV ${JSON.stringify(env)}`);
  const stop = () => {
    server.close();
    sandbox.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

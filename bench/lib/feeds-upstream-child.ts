import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { createSandbox } from '../../server/sandbox/index.ts';

/**
 * The feeds benchmark's upstream: both emulators on a copy of the bench's sandbox file, in their
 * own process, with Gigs' webhooks registered to subdesk's endpoint (argv: db, customers, port,
 * webhook URL). Prints one READY line with the port and credentials, then serves until killed.
 */
const [dbPath, customers, port, webhookUrl] = process.argv.slice(2);
const sandbox = createSandbox({ dbPath: dbPath!, customers: Number(customers), publicUrl: `http://127.0.0.1:${port}` });
sandbox.gigsWebhooks.register({ url: webhookUrl!, secret: sandbox.credentials.gigsWebhookSecret });
const app = new Hono();
app.route('/sandbox/gigs', sandbox.gigs);
app.route('/sandbox/centra', sandbox.centra);
const server = serve({ fetch: app.fetch, port: Number(port), hostname: '127.0.0.1' });
server.once('listening', () => {
  const actual = (server.address() as AddressInfo).port;
  process.stdout.write(`READY ${JSON.stringify({ port: actual, credentials: sandbox.credentials })}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  sandbox.close();
  process.exit(0);
});

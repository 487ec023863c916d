import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { createSandbox } from '../../server/sandbox/index.ts';

/**
 * The crawl benchmark's upstream: both emulators on the bench's sandbox file, served from their
 * own process (as Gigs and Centra are not subdesk), on loopback. Prints one READY line with the
 * port and credentials, then serves until killed.
 */
const [dbPath, customers, port] = process.argv.slice(2);
// The budget bench asks for the upstreams' rate limits through the same variables subdesk's sandbox reads.
const sandbox = createSandbox({
  dbPath: dbPath!,
  customers: Number(customers),
  publicUrl: `http://127.0.0.1:${port}`,
  limits: {
    centraRequestsPer10s: Number(process.env.SANDBOX_CENTRA_REQUESTS_PER_10S ?? 0),
    gigsRequestsPerSecond: Number(process.env.SANDBOX_GIGS_REQUESTS_PER_SECOND ?? 0),
  },
});
const app = new Hono();
app.route('/sandbox/gigs', sandbox.gigs);
app.route('/sandbox/centra', sandbox.centra);
const server = serve({ fetch: app.fetch, port: Number(port), hostname: '127.0.0.1' });
server.once('listening', () => {
  const actual = (server.address() as AddressInfo).port;
  process.stdout.write(`READY ${JSON.stringify({ port: actual, credentials: sandbox.credentials })}\n`);
});
// Memory and CPU time for the report (the upstream's share of the machine is part of the story).
setInterval(() => {
  const cpu = process.cpuUsage();
  process.send?.({ rss: process.memoryUsage().rss, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
}, 500).unref();
process.on('SIGTERM', () => {
  server.close();
  sandbox.close();
  process.exit(0);
});

import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { openDatabase } from '../../db/connection.ts';
import { auditBenchApp } from './audit-app.ts';

/**
 * The exporting process, on its own so its peak resident memory is the export's alone:
 * serves the audit routes on a loopback port, prints the port, answers GET /rss with its peak RSS.
 * argv: <database> <signing key>
 */
const [dbPath, keyPath] = process.argv.slice(2);
const db = openDatabase(dbPath!, { migrate: false });
const { app } = auditBenchApp(db, keyPath!);
app.get('/rss', (c) => c.json({ maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
server.once('listening', () => console.log(JSON.stringify({ port: (server.address() as AddressInfo).port })));
process.on('SIGTERM', () => {
  server.close();
  db.$client.close();
  process.exit(0);
});

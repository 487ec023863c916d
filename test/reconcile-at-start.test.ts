import { afterEach, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../db/connection.ts';
import { createLogger } from '../server/logger.ts';
import { buildDeps, type Built } from '../server/bootstrap.ts';
import { sqliteOf } from './helpers/engines.ts';

/**
 * Whatever builds subdesk settles every crashed action at start: this file builds it from
 * server/bootstrap.ts alone, serving only the sandboxes, and never loads the API's routes (where
 * the reconcilers used to register themselves).
 */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function buildWithoutRoutes(): Promise<Built> {
  const dir = mkdtempSync(join(tmpdir(), 'subdesk-reconcile-'));
  const config = loadConfig({
    PORT: '0',
    DATABASE_PATH: join(dir, 'subdesk.db'),
    SANDBOX_CUSTOMERS: '40',
    SUBDESK_DEMO_PASSWORD: 'demo-password-for-tests',
    SYNC_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'silent',
    CENTRA_REQUESTS_PER_10S: '10000',
    GIGS_REQUESTS_PER_SECOND: '1000',
  });
  const db = openDatabase(config.DATABASE_PATH);
  let sandboxes: Hono | undefined;
  const server = serve({ fetch: (req) => sandboxes!.fetch(req), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((r) => server.once('listening', () => r()));
  const built = await buildDeps({
    config,
    database: { kind: 'sqlite', db },
    logger: createLogger('silent'),
    localPort: (server.address() as AddressInfo).port,
  });
  sandboxes = new Hono().route('/sandbox/gigs', built.sandboxApps!.gigs!).route('/sandbox/centra', built.sandboxApps!.centra!);
  cleanups.push(async () => {
    await built.stop();
    await new Promise<void>((r) => server.close(() => r()));
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return built;
}

describe('reconciliation at start', () => {
  it('settles a crashed Centra change in an app built without its routes', async () => {
    const built = await buildWithoutRoutes();
    const { deps } = built;
    await deps.customers.crawler.run('full');
    const sub = sqliteOf(deps).$client.prepare(`SELECT id FROM indexed_subscriptions WHERE system = 'centra' AND status = 'active' LIMIT 1`).get() as {
      id: string;
    };
    // The crash: `requested` committed, the pause never sent, no outcome written.
    await deps.audit.append({
      requestId: 'crashed-1',
      actor: { type: 'staff', id: '1', email: 'support@test', role: 'support' },
      action: 'centra.subscription.status',
      outcome: 'requested',
      target: { type: 'centra-subscription', id: sub.id },
      customerId: null,
      request: { status: 'paused', reason: { code: 'travel' } },
    });
    await built.start();
    const outcomes = sqliteOf(deps).$client.prepare(`SELECT outcome, actor_type FROM audit_events WHERE request_id = 'crashed-1' ORDER BY seq`).all();
    expect(outcomes).toEqual([
      { outcome: 'requested', actor_type: 'staff' },
      { outcome: 'failed', actor_type: 'system' },
    ]);
  }, 60_000);
});

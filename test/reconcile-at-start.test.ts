import { afterEach, describe, expect, it } from 'vitest';
import type { Built } from '../server/bootstrap.ts';
import { sqliteOf } from './helpers/engines.ts';
import { buildWithoutRoutes } from './helpers/built.ts';

/**
 * Whatever builds subdesk settles every crashed action at start: this file builds it from
 * server/bootstrap.ts alone, serving only the sandboxes, and never loads the API's routes (where
 * the reconcilers used to register themselves).
 */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function built(): Promise<Built> {
  const app = await buildWithoutRoutes();
  cleanups.push(app.close);
  return app.built;
}

describe('reconciliation at start', () => {
  it('settles a crashed Centra change in an app built without its routes', async () => {
    const app = await built();
    const { deps } = app;
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
    await app.start();
    const outcomes = sqliteOf(deps).$client.prepare(`SELECT outcome, actor_type FROM audit_events WHERE request_id = 'crashed-1' ORDER BY seq`).all();
    expect(outcomes).toEqual([
      { outcome: 'requested', actor_type: 'staff' },
      { outcome: 'failed', actor_type: 'system' },
    ]);
  }, 60_000);
});

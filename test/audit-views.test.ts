import { afterEach, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import type { AppEnv } from '../server/http/context.ts';
import { recordCustomerView } from '../server/http/audit-context.ts';
import { AUDIT_WINDOW_MS } from '../server/audit/windows.ts';
import { startAuthTestApp, type AuthTestApp } from './helpers/auth.ts';
import { sqliteOf } from './helpers/engines.ts';

let t: AuthTestApp;
afterEach(() => t?.close());

/** A route that reads customer `cus_x` for staff member `id` (principal and deps set as the app's middleware would). */
function viewer(deps: AuthTestApp['deps']) {
  let n = 0;
  return new Hono<AppEnv>().get('/view/:staff/:target', async (c) => {
    c.set('deps', deps);
    c.set('requestId', `req-${++n}`);
    c.set('principal', {
      id: Number(c.req.param('staff')),
      email: `s${c.req.param('staff')}@example.com`,
      role: 'support',
      mustChangePassword: false,
      sessionId: 1,
    });
    await recordCustomerView(c, { target: { type: c.req.param('target'), id: 'cus_x' }, customerId: 'cus_x' });
    return c.text('ok');
  });
}

describe('customer.view repeats', () => {
  it('are written once per staff member, customer and target within the window, and again after it', async () => {
    t = startAuthTestApp();
    const app = viewer(t.deps);
    const count = () => (sqliteOf(t.deps).$client.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'customer.view'").get() as { n: number }).n;
    await app.request('/view/1/customer');
    t.advance(AUDIT_WINDOW_MS - 1000);
    await app.request('/view/1/customer');
    expect(count()).toBe(1);
    await app.request('/view/1/gigs-subscription'); // another target: its own entry
    await app.request('/view/2/customer'); // another staff member: their own entry
    expect(count()).toBe(3);
    t.advance(1000);
    await app.request('/view/1/customer'); // the window has passed
    expect(count()).toBe(4);
  });
});

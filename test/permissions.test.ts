import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono, type MiddlewareHandler } from 'hono';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { ACCESS_RULE, allow, type AccessRule } from '../server/http/access.ts';
import { PERMISSIONS, roleCan, rolesAllowed } from '../server/vocabulary/permissions.ts';
import { apiRoutesOf, ruleDisagreements } from './helpers/route-table.ts';

/**
 * One permission table (server/vocabulary/permissions.ts) for the API's rules and the SPA's menu
 * and canAccess. The walk below fails when a route's roles are not what the SPA's table says.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const handwritten = (rule: AccessRule): MiddlewareHandler => Object.assign(async (_c: unknown, next: () => Promise<void>) => next(), { [ACCESS_RULE]: rule });

describe('routes and the SPA read one permission table', () => {
  it('every route of the app agrees with the SPA’s table', () => {
    const routes = apiRoutesOf(server.app);
    expect(routes.filter((r) => r.rule && !r.rule.public && r.rule.permission).length).toBeGreaterThan(30);
    expect(ruleDisagreements(routes)).toEqual([]);
  });

  it('catches a route whose roles are written by hand, or disagree with the table', () => {
    const app = new Hono()
      .get('/api/customers', handwritten({ public: false, roles: ['support', 'admin'] }), (c) => c.text('x'))
      .get('/api/staff', handwritten({ public: false, roles: ['admin', 'auditor'], permission: { resource: 'staff', actions: ['list'] } }), (c) => c.text('x'))
      .get('/api/audit-events', allow('plans', 'list'), (c) => c.text('x'))
      .post('/api/centra-contracts/:id/address', allow('centra-contracts', 'show'), (c) => c.text('x'))
      .get('/api/status', allow('status', 'show'), (c) => c.text('x'));
    expect(ruleDisagreements(apiRoutesOf(app))).toEqual([
      'GET /api/customers: roles support, admin are not a permission of the table',
      "GET /api/staff: the server lets auditor, the SPA's table refuses them",
      'GET /api/audit-events: declares a permission on plans, its path is audit-events',
      "GET /api/audit-events: the server lets support, the SPA's table refuses them",
      "GET /api/audit-events: the server lets merchandiser, the SPA's table refuses them",
      "GET /api/audit-events: the server refuses auditor, the SPA's table lets them",
      'POST /api/centra-contracts/:id/address: a write declared as show',
    ]);
  });

  it('refuses at start-up a permission the table does not have', () => {
    expect(() => allow('audit-events', 'veryfy')).toThrow(/no veryfy for audit-events/);
    expect(() => allow('nothing', 'list')).toThrow(/no list for nothing/);
  });

  it('gives each role what its work needs', () => {
    expect(rolesAllowed('customers', 'edit')).toEqual(['support', 'admin']);
    expect(rolesAllowed('plans', 'list')).toEqual(['support', 'merchandiser', 'admin']);
    expect(rolesAllowed('audit-events', 'verify')).toEqual(['auditor', 'admin']);
    expect(rolesAllowed('audit-events', 'list', 'customer-history')).toEqual(['support', 'auditor', 'admin']);
    expect(rolesAllowed('staff', 'reset-password')).toEqual(['admin']);
    expect(roleCan('merchandiser', 'customers', 'show')).toBe(false);
    expect(roleCan(undefined, 'status')).toBe(false);
    expect(Object.keys(PERMISSIONS)).toContain('connect-sessions');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, req, startAuthTestApp, type AuthTestApp } from './helpers/auth.ts';
import { apiRoutesOf } from './helpers/route-table.ts';

/**
 * GET /api/openapi.json is generated from the routes themselves: every route of the app is in
 * it (walked from app.routes, so a route added later without being described fails here), with
 * the request schemas it validates with and who may call it.
 */
let t: AuthTestApp;
type Operation = {
  'x-subdesk-access': unknown;
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> };
  tags?: string[];
};
let doc: { openapi: string; paths: Record<string, Record<string, Operation>>; components: { responses: Record<string, unknown> } };

beforeAll(async () => {
  t = startAuthTestApp();
  const res = await t.app.request('/api/openapi.json', ...req('GET', { cookie: await loginAs(t, 'support') }));
  expect(res.status).toBe(200);
  doc = await res.json();
});
afterAll(() => t?.close());

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and describes every route of the app, with who may call it', () => {
    expect(doc.openapi).toBe('3.1.0');
    const routes = apiRoutesOf(t.app);
    expect(routes.length).toBeGreaterThan(40);
    const missing = routes.filter((r) => !doc.paths[r.path.replace(/^\/api/, '').replace(/:([A-Za-z0-9_]+)/g, '{$1}')]?.[r.method.toLowerCase()]);
    expect(missing.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    for (const [path, item] of Object.entries(doc.paths)) for (const op of Object.values(item)) expect(op['x-subdesk-access'], path).toBeDefined();
    expect(doc.paths['/customers']!.get!['x-subdesk-access']).toEqual(['support', 'admin']);
    expect(doc.paths['/health']!.get!['x-subdesk-access']).toBe('public');
  });

  it('takes request schemas from the zod schemas the routes validate with', () => {
    const create = doc.paths['/connect-sessions']!.post!;
    const body = create.requestBody!.content['application/json']!.schema;
    expect(Object.keys(body.properties!)).toEqual(expect.arrayContaining(['customerId', 'intent', 'clientRequestId']));
    expect(body.required).toEqual(['customerId', 'intent']);
    expect(create.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'header', name: 'idempotency-key' })]));
    const list = doc.paths['/customers']!.get!;
    expect(list.parameters!.map((p) => p.name)).toEqual(['sort', 'range', 'filter']);
    expect(JSON.stringify(list.parameters)).toContain('"contentMediaType":"application/json"');
    expect(doc.components.responses).toHaveProperty('Invalid');
  });

  it('is for signed-in staff only', async () => {
    expect((await t.app.request('/api/openapi.json')).status).toBe(401);
  });
});

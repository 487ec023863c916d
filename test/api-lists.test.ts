import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { loginAs, req } from './helpers/auth.ts';
import { apiRoutesOf, pathParams } from './helpers/route-table.ts';
import { customerIdFor, emailKey } from '../server/customers/normalise.ts';
import { person } from '../server/sandbox/people.ts';

/**
 * The list conventions scripts rely on (ra-data-simple-rest): every list, found by walking the
 * app's routes, accepts react-admin's default `sort=["id","ASC"]`, and an unknown sort field is
 * a 400 that names the fields there are.
 */
let server: TestServer;
let admin: string;
const zoeId = customerIdFor(emailKey(person(0).email));

beforeAll(async () => {
  server = await startTestServer();
  admin = await loginAs(server, 'admin');
  await server.deps.customers.crawler.run('full');
});
afterAll(async () => {
  await server?.close();
});

const get = (path: string) => server.app.request(path, ...req('GET', { cookie: admin }));
const withQuery = (path: string, q: Record<string, unknown>) =>
  `${path}?${new URLSearchParams(Object.fromEntries(Object.entries(q).map(([k, v]) => [k, JSON.stringify(v)])))}`;

/** The lists: GET routes without parameters answering Content-Range; some need a customer named. */
async function lists() {
  const found: { path: string; filter: Record<string, unknown> }[] = [];
  for (const route of apiRoutesOf(server.app)) {
    if (route.method !== 'GET' || pathParams(route.path).length || route.path.includes('*')) continue;
    for (const filter of [{}, { customerId: zoeId }]) {
      const res = await get(withQuery(route.path, { filter }));
      if (res.headers.get('content-range')) {
        found.push({ path: route.path, filter });
        break;
      }
    }
  }
  return found;
}

describe('every list', () => {
  it("answers react-admin's default sort on id, ascending and descending, in id order", async () => {
    const all = await lists();
    expect(all.map((l) => l.path)).toEqual(
      expect.arrayContaining([
        '/api/customers',
        '/api/gigs-subscriptions',
        '/api/connect-sessions',
        '/api/gigs-plans',
        '/api/gigs-addons',
        '/api/centra-contracts',
        '/api/audit-events',
        '/api/staff',
        '/api/plans/gigs',
      ]),
    );
    for (const { path, filter } of all) {
      for (const order of ['ASC', 'DESC'] as const) {
        const res = await get(withQuery(path, { sort: ['id', order], range: [0, 9], filter }));
        expect(res.status, `${path} sorted by id ${order}`).toBe(200);
        const ids = ((await res.json()) as { id: string | number }[]).map((r) => r.id);
        // Centra's ids are numbers (or numeric strings): in number order; the others as text.
        const numeric = ids.every((id) => /^\d+$/.test(String(id)));
        const sorted = [...ids].sort((a, b) => (numeric ? Number(a) - Number(b) : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
        expect(ids, `${path} in id order ${order}`).toEqual(order === 'ASC' ? sorted : sorted.reverse());
      }
    }
  });

  it('refuses an unknown sort field with a 400 naming the fields it sorts by', async () => {
    for (const { path, filter } of await lists()) {
      const res = await get(withQuery(path, { sort: ['colour', 'ASC'], filter }));
      expect(res.status, path).toBe(400);
      const body = await res.json();
      expect(body.errors['sort.0'], path).toMatch(/^"colour" cannot be sorted on; sort by one of: (\w+, )*id(, \w+)*$/);
    }
  });
});

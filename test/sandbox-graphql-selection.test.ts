import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox, type Sandbox } from '../server/sandbox/index.ts';
import { SUBSCRIPTION_CONTRACTS_QUERY } from '../server/upstream/centra.ts';

/**
 * The Centra emulator's GraphQL answers exactly the fields a query selects, refuses fields its
 * types lack, and still answers subdesk's full query with every field.
 */
let dir: string;
let sandbox: Sandbox;
let db: Database.Database;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'subdesk-gql-'));
  sandbox = createSandbox({ dbPath: join(dir, 'sandbox.db'), customers: 60, publicUrl: 'http://localhost' });
  db = new Database(join(dir, 'sandbox.db'), { readonly: true });
});
afterAll(() => {
  db?.close();
  sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

type Answer = { data?: { subscriptionContracts: Record<string, unknown>[] }; errors?: { message: string }[] };

async function ask(query: string, variables: Record<string, unknown> = { limit: 1000 }): Promise<Answer> {
  const res = await sandbox.centra.request('/graphql', {
    method: 'POST',
    headers: { authorization: `Bearer ${sandbox.credentials.centraApiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return (await res.json()) as Answer;
}

const contracts = async (query: string, variables?: Record<string, unknown>) => {
  const answer = await ask(query, variables);
  expect(answer.errors).toBeUndefined();
  return answer.data!.subscriptionContracts;
};

describe('selection sets', () => {
  it('answers exactly the selected fields, nested ones included', async () => {
    const rows = await contracts('query { subscriptionContracts(limit: $limit) { id customer { email } } }');
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(['id', 'customer']);
      expect(Object.keys(row.customer as object)).toEqual(['email']);
    }
  });

  it('projects inside lists and nullable objects', async () => {
    const rows = await contracts('{ subscriptionContracts { subscriptions { plan { name } lines { unitPrice { currency } } } subscriptionPayment { status } } }');
    const subs = rows.flatMap((r) => r.subscriptions as Record<string, unknown>[]);
    expect(subs.length).toBeGreaterThan(0);
    for (const s of subs) {
      expect(Object.keys(s)).toEqual(['plan', 'lines']);
      if (s.plan !== null) expect(Object.keys(s.plan as object)).toEqual(['name']);
      expect(s.lines).toEqual([{ unitPrice: { currency: expect.any(String) } }]);
    }
    for (const p of rows.flatMap((r) => r.subscriptionPayment as Record<string, unknown>[])) expect(Object.keys(p)).toEqual(['status']);
  });

  it('answers a field selected twice once, in the order first selected, with both sub-selections', async () => {
    const [row] = await contracts('{ subscriptionContracts { customer { id } id customer { email } id } }');
    expect(Object.keys(row!)).toEqual(['customer', 'id']);
    expect(Object.keys(row!.customer as object)).toEqual(['id', 'email']);
  });

  it('pages a projection like the full query', async () => {
    const all = await contracts('{ subscriptionContracts { id } }');
    const first = await contracts('{ subscriptionContracts { id } }', { limit: 5 });
    const next = await contracts('{ subscriptionContracts { id } }', { limit: 5, afterId: first[4]!.id });
    expect([...first, ...next]).toEqual(all.slice(0, 10));
  });
});

describe('errors', () => {
  it.each([
    ['{ subscriptionContracts { id bogus } }', 'Cannot query field "bogus" on type "SubscriptionContract".'],
    ['{ subscriptionContracts { subscriptions { id interval { unit } } } }', 'Cannot query field "unit" on type "SubscriptionInterval".'],
    ['{ subscriptionContracts { customer } }', 'Field "customer" of type "Customer" must have a selection of subfields. Did you mean "customer { ... }"?'],
    ['{ subscriptionContracts { id { value } } }', 'Field "id" must not have a selection since it has no subfields.'],
    ['{ subscriptionContracts { key: id } }', 'Aliases are not supported by this emulator.'],
    ['{ subscriptionContracts { id }', 'Syntax Error: Expected Name, found <EOF>.'],
    ['{ subscriptionContracts { } }', 'Syntax Error: Expected Name, found "}".'],
    [`{ subscriptionContracts ${'{ a '.repeat(40)}${'} '.repeat(40)}}`, 'Selection sets nest deeper than 16 levels.'],
    ['{ products { id } }', 'Cannot query field "products" on type "Query". The emulator serves only Query.subscriptionContracts.'],
  ])('%s', async (query, message) => {
    expect(await ask(query)).toEqual({ errors: [{ message }] });
  });
});

describe("subdesk's full query", () => {
  it('answers every field, in the order the query selects them, with the stored values', async () => {
    const rows = await contracts(SUBSCRIPTION_CONTRACTS_QUERY);
    expect(rows.map((r) => r.id)).toEqual(db.prepare('SELECT id FROM centra_contracts ORDER BY id').pluck().all());
    expect(rows).toEqual(expectedContracts());
    const sub = rows.flatMap((r) => r.subscriptions as Record<string, unknown>[])[0]!;
    expect(Object.keys(rows[0]!)).toEqual(['id', 'createdAt', 'updatedAt', 'customer', 'shippingAddress', 'subscriptionPayment', 'subscriptions']);
    expect(Object.keys(sub)).toEqual(['id', 'status', 'interval', 'plan', 'discount', 'quantity', 'nextOrderDate', 'createdAt', 'lines']);
  });
});

/** The contracts as the emulator answered before it read selections, built from the rows here. */
function expectedContracts() {
  const time = (t: string) => `${t.replace(' ', 'T')}+00:00`;
  const all = <T>(sql: string, ...args: unknown[]) => db.prepare(sql).all(...args) as T[];
  type Row = Record<string, string | number | null>;
  return all<Row>('SELECT * FROM centra_contracts ORDER BY id').map((c) => ({
    id: c.id,
    createdAt: time(c.created_at as string),
    updatedAt: time(c.updated_at as string),
    customer: { id: c.customer_id, email: (db.prepare('SELECT email FROM centra_customers WHERE id = ?').pluck().get(c.customer_id) as string | undefined) ?? c.email },
    shippingAddress: {
      firstName: c.first_name, lastName: c.last_name, address1: c.address1, address2: c.address2, zipCode: c.zip_code,
      city: c.city, state: c.state, country: c.country, email: c.email, phoneNumber: c.phone,
    },
    subscriptionPayment: all<Row>('SELECT * FROM centra_payments WHERE contract_id = ? ORDER BY id', c.id).map((p) => ({
      id: p.id, paymentMethod: p.payment_method, status: (p.status as string).toUpperCase(),
    })),
    subscriptions: all<Row>('SELECT * FROM centra_subscriptions WHERE contract_id = ? ORDER BY id', c.id).map((s) => ({
      id: s.id,
      status: (s.status as string).toUpperCase(),
      interval: { type: (s.interval_type as string).toUpperCase(), value: s.interval_value },
      plan: s.plan_id === null ? null : { id: s.plan_id, name: s.plan_name },
      discount: s.discount,
      quantity: s.quantity,
      nextOrderDate: s.next_order_date,
      lines: [{ item: s.item, productName: s.product_name, size: s.size, quantity: s.quantity, unitPrice: { amount: s.unit_price, currency: s.currency } }],
      createdAt: time(s.created_at as string),
    })),
  }));
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { loginAs } from './helpers/auth.ts';
import { seedIndex } from './helpers/customers-fixture.ts';
import { customerIdFor, emailKey } from '../server/customers/normalise.ts';
import { person } from '../server/sandbox/people.ts';
import { PublicAddress } from '../server/http/public-address.ts';
import { createLogger } from '../server/logger.ts';

const PUBLIC_URL = 'http://localhost:8099';
let server: TestServer;
let support: string;

type Report = { url: string; localOnly: boolean; otherAddresses: string[] };
const statusAt = async (origin: string, cookie?: string) => {
  const res = await server.app.request(`${origin}/api/status`, { headers: cookie ? { cookie } : {} });
  return res.status === 200 ? ((await res.json()) as { publicAddress: Report }).publicAddress : null;
};

beforeAll(async () => {
  server = await startTestServer({ PUBLIC_URL });
  await seedIndex(server.deps.customers.writer, 5);
  support = await loginAs(server, 'support');
}, 120_000);
afterAll(async () => {
  await server?.close();
});

describe('PUBLIC_URL against the address staff use', () => {
  it('notes the other addresses signed-in staff reach subdesk at, and says when PUBLIC_URL is this machine only', async () => {
    expect(await statusAt(PUBLIC_URL, support)).toEqual({ url: PUBLIC_URL, localOnly: true, otherAddresses: [] });
    // Not signed in: not staff, not noted (anyone can send any Host).
    expect(await statusAt('http://127.0.0.1:8099')).toBeNull();
    expect((await statusAt(PUBLIC_URL, support))!.otherAddresses).toEqual([]);
    expect((await statusAt('http://127.0.0.1:8099', support))!.otherAddresses).toEqual(['http://127.0.0.1:8099']);
  });

  it('builds customer-facing links from PUBLIC_URL only, whatever address the request came to', async () => {
    const customerId = customerIdFor(emailKey(person(1).email));
    const res = await server.app.request('http://desk.internal.example:9000/api/connect-sessions', {
      method: 'POST',
      headers: { cookie: support, 'content-type': 'application/json' },
      body: JSON.stringify({ customerId, clientRequestId: randomUUID(), intent: { type: 'updatePaymentMethod' } }),
    });
    expect(res.status).toBe(201);
    const { url } = (await res.json()) as { url: string };
    expect(url.startsWith(`${PUBLIC_URL}/`)).toBe(true);
  });

  it('warns at start only when PUBLIC_URL is an address no other device can reach', () => {
    const silent = createLogger('silent');
    expect(new PublicAddress('http://localhost:8080', silent).startupWarnings()).toHaveLength(1);
    expect(new PublicAddress('http://127.0.0.1:8080', silent).startupWarnings()).toHaveLength(1);
    expect(new PublicAddress('https://subdesk.example.com', silent).startupWarnings()).toEqual([]);
    expect(new PublicAddress('http://192.168.1.20:8080', silent).report().localOnly).toBe(false);
  });
});

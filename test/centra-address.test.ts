import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { loginAs, req } from './helpers/auth.ts';
import { everyContract, remoteStats } from './centra-helpers.ts';
import { checkPostalCode } from '../server/centra/postal-codes.ts';
import type { CentraContract } from '../server/upstream/centra.ts';
import { rowOf } from './helpers/engines.ts';

/**
 * The address form checks what it sends, for the contract's own country: postal codes per
 * country, phone numbers with libphonenumber-js, lengths; errors name fields by their labels;
 * nothing reaches Centra and nothing is recorded when the input is wrong.
 */
let server: TestServer;
let support: string;
let contracts: { contract: CentraContract; email: string }[];
const taken = new Set<number>();

beforeAll(async () => {
  server = await startTestServer();
  support = await loginAs(server, 'support');
  await server.deps.customers.crawler.run('full');
  contracts = await everyContract(server.deps.centra);
}, 120_000);
afterAll(() => server?.close());

/** A live contract in `country` no earlier test used. */
function contractIn(country: string): CentraContract {
  const hit = contracts.find(
    ({ contract: k }) => k.shippingAddress.country === country && !taken.has(k.id) && k.subscriptions.some((s) => s.status !== 'cancelled'),
  );
  if (!hit) throw new Error(`no live contract in ${country}`);
  taken.add(hit.contract.id);
  return hit.contract;
}

const fieldsOf = (k: CentraContract) => {
  const { firstName, lastName, address1, address2, zipCode, city, phoneNumber, email } = k.shippingAddress;
  return { firstName, lastName, address1, address2: address2 ?? '', zipCode, city, phoneNumber: phoneNumber ?? '', email };
};

async function put(k: CentraContract, change: Record<string, string>) {
  const res = await server.app.request(`/api/centra-contracts/${k.id}/address`, ...req('PUT', { cookie: support, body: { ...fieldsOf(k), ...change } }));
  const requestId = res.headers.get('x-request-id')!;
  return {
    status: res.status,
    body: (await res.json()) as { message: string; errors: Record<string, string>; shippingAddress?: Record<string, string> },
    requestId,
  };
}

const recorded = async (requestId: string) =>
  (await rowOf<{ n: number }>(server.deps, 'SELECT count(*) AS n FROM audit_events WHERE request_id = $1', [requestId])).n;

describe("PUT /api/centra-contracts/:id/address checks the input for the contract's country", () => {
  it('refuses "call me maybe" as a phone number and "ABC" as a Swedish postal code, by their labels; nothing sent, nothing recorded', async () => {
    const k = contractIn('SE');
    const sent = (await remoteStats(server)).address ?? 0;
    const phone = await put(k, { phoneNumber: 'call me maybe' });
    expect(phone.status).toBe(400);
    expect(Object.keys(phone.body.errors)).toEqual(['phoneNumber']);
    expect(phone.body.message).toMatch(/^Phone number is not a phone number of Sweden/);
    expect(phone.body.message).toMatch(/for example \+46 /);
    expect(phone.body.message).not.toContain('phoneNumber');
    const zip = await put(k, { zipCode: 'ABC' });
    expect(zip.status).toBe(400);
    expect(zip.body.errors).toEqual({ zipCode: 'is not a postal code of Sweden (for example 114 55)' });
    expect(zip.body.message).toBe('Postal code is not a postal code of Sweden (for example 114 55).');
    const both = await put(k, { zipCode: 'ABC', phoneNumber: '12' });
    expect(both.body.message).toMatch(/^Postal code .* Also check Phone number\.$/);
    expect((await remoteStats(server)).address ?? 0).toBe(sent);
    for (const r of [phone, zip, both]) expect(await recorded(r.requestId)).toBe(0);
  });

  it('takes a postal code in the country\'s format, sent tidied: "114 55" in Sweden, "1012ab" in the Netherlands, "sw1a 1aa" in Britain', async () => {
    const se = await put(contractIn('SE'), { zipCode: '114 55' });
    expect(se.status).toBe(200);
    expect(se.body.shippingAddress!.zipCode).toBe('114 55');
    const nl = contractIn('NL');
    expect((await put(nl, { zipCode: '12345' })).body.errors).toEqual({ zipCode: 'is not a postal code of Netherlands (for example 1012 AB)' });
    const ok = await put(nl, { zipCode: '1012ab' });
    expect(ok.status).toBe(200);
    expect(ok.body.shippingAddress!.zipCode).toBe('1012AB');
    const gb = await put(contractIn('GB'), { zipCode: 'sw1a  1aa' });
    expect(gb.body.shippingAddress!.zipCode).toBe('SW1A 1AA');
    expect((await put(contractIn('DE'), { zipCode: '1011' })).status).toBe(400);
    expect((await put(contractIn('PL'), { zipCode: '00950' })).status).toBe(400);
  });

  it("reads a local phone number for the contract's country and sends it in E.164; a foreign number with its code counts", async () => {
    const local = await put(contractIn('SE'), { phoneNumber: '070-123 45 67' });
    expect(local.status).toBe(200);
    expect(local.body.shippingAddress!.phoneNumber).toBe('+46701234567');
    const foreign = await put(contractIn('SE'), { phoneNumber: '+49 1512 3456789' });
    expect(foreign.status).toBe(200);
    expect(foreign.body.shippingAddress!.phoneNumber).toBe('+4915123456789');
    // Digits that are no number anywhere: too short for the Netherlands, too short for Sweden.
    expect((await put(contractIn('SE'), { phoneNumber: '+31 6 123' })).status).toBe(400);
    expect((await put(contractIn('SE'), { phoneNumber: '070 12' })).status).toBe(400);
  });

  it('does not re-check what the contract already holds: a new street with the old phone and postal code goes through', async () => {
    const k = contractIn('SE');
    const res = await put(k, { address1: 'Birger Jarlsgatan 12' });
    expect(res.status).toBe(200);
    expect(res.body.shippingAddress!.address1).toBe('Birger Jarlsgatan 12');
  });

  it('limits lengths to what fits, naming the field by its label', async () => {
    const k = contractIn('SE');
    const long = await put(k, { firstName: 'A'.repeat(51) });
    expect(long.status).toBe(400);
    expect(long.body.message).toBe('First name must be at most 50 characters.');
    expect((await put(k, { address1: 'B'.repeat(71) })).body.message).toBe('Address line 1 must be at most 70 characters.');
    expect((await put(k, { city: '' })).body.message).toBe('City cannot be empty.');
  });
});

describe('postal code formats', () => {
  it("accepts each seeded country's codes and refuses obvious garbage; countries without a format get a permissive check", () => {
    for (const { contract: k } of contracts) expect(checkPostalCode(k.shippingAddress.country, k.shippingAddress.zipCode)).toEqual({ ok: true });
    expect(checkPostalCode('US', '10001-1234')).toEqual({ ok: true });
    expect(checkPostalCode('US', '1000')).toEqual({ ok: false, example: '10001' });
    expect(checkPostalCode('IE', 'D02 X285')).toEqual({ ok: true });
    expect(checkPostalCode('BR', '01310-100')).toEqual({ ok: true });
    expect(checkPostalCode('BR', 'call me')).toEqual({ ok: true });
    expect(checkPostalCode('BR', '!!')).toEqual({ ok: false, example: null });
  });
});

import { describe, expect, it } from 'vitest';
import { GigsClient } from '../server/upstream/gigs.ts';
import { UpstreamError } from '../server/upstream/errors.ts';

/**
 * The real client fed answers the emulator never gives (fields and enum values Gigs may add
 * later, odd error bodies) through its `fetch` option: the transport and schemas are real.
 */
function clientAnswering(answer: (url: URL, init: RequestInit) => Response) {
  const calls: { url: URL; init: RequestInit }[] = [];
  const client = new GigsClient({
    baseUrl: 'https://api.gigs.test/',
    project: 'acme',
    apiKey: 'gpk_test',
    timeoutMs: 1000,
    sleep: async () => {},
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(String(input));
      calls.push({ url, init: init ?? {} });
      return answer(url, init ?? {});
    }) as typeof fetch,
  });
  return { client, calls };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const plan = {
  object: 'plan',
  id: 'pln_1',
  name: 'P',
  status: 'available',
  allowances: { dataBytes: null, voiceSeconds: null, smsMessages: null },
  price: { amount: 100, currency: 'USD' },
  provider: 'p5',
};

describe('Gigs client tolerance', () => {
  it('keeps unknown fields and unknown enum values instead of failing', async () => {
    const sub = {
      object: 'subscription',
      id: 'sub_1',
      status: 'restricted',
      somethingNew: { nested: true },
      plan: { ...plan, status: 'retiring', validity: { value: 1, unit: 'week', type: 'everyOtherTuesday' }, newPlanField: 1 },
      sim: { object: 'sim', id: 'sim_1', type: 'iSIM', iccid: '8988307000000000001', status: 'suspended' },
      user: { object: 'user', id: 'usr_1', email: 'a@example.com', status: 'frozen' },
      cancellationDetails: { cause: 'solarFlare', userReason: 'moved' },
      lastPorting: { id: 'prt_1', status: 'draft' },
    };
    const { client, calls } = clientAnswering(() => json(sub));
    const got = await client.getSubscription('sub_1');
    expect(got.status).toBe('restricted');
    expect(got.plan?.status).toBe('retiring');
    expect(got.plan?.validity?.type).toBe('everyOtherTuesday');
    expect(got.sim?.type).toBe('iSIM');
    expect(got.user?.status).toBe('frozen');
    expect(got.cancellationDetails?.cause).toBe('solarFlare');
    expect(got.lastPorting?.status).toBe('draft');
    expect((got as Record<string, unknown>).somethingNew).toEqual({ nested: true });
    expect(calls[0]!.url.toString()).toBe('https://api.gigs.test/projects/acme/subscriptions/sub_1');
    expect((calls[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer gpk_test');
  });

  it('reads a Connect Session with an intent type it does not know', async () => {
    const { client } = clientAnswering(() =>
      json({
        object: 'connectSession',
        id: 'csn_1',
        intent: { type: 'teleportSubscription', teleportSubscription: { to: 'mars' } },
        callbackUrl: null,
        user: 'usr_1',
        status: 'weird',
        url: null,
        extra: 1,
      }),
    );
    const s = await client.getConnectSession('csn_1');
    expect(s.intent.type).toBe('teleportSubscription');
    expect(s.intent.teleportSubscription).toEqual({ to: 'mars' });
    expect(s.status).toBe('weird');
  });

  it('follows moreItemsAfter to the end and tolerates lists without moreItemsBefore', async () => {
    const { client, calls } = clientAnswering((url) => {
      const after = url.searchParams.get('after');
      if (!after) return json({ object: 'list', items: [plan], moreItemsAfter: 'pln_1', extraListField: true });
      return json({ object: 'list', items: [{ ...plan, id: 'pln_2' }], moreItemsAfter: null });
    });
    const plans = await client.listPlans();
    expect(plans.map((p) => p.id)).toEqual(['pln_1', 'pln_2']);
    expect(calls.map((c) => c.url.searchParams.get('limit'))).toEqual(['200', '200']);
  });

  it('stops on a cursor that repeats instead of looping forever', async () => {
    const { client } = clientAnswering(() => json({ object: 'list', items: [plan], moreItemsAfter: 'pln_1', moreItemsBefore: null }));
    const err = await client.listPlans().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as UpstreamError).kind).toBe('malformed');
  });

  it("keeps Gigs' error type, code and message; copes with an error body that is not JSON", async () => {
    let { client } = clientAnswering(() =>
      json(
        { object: 'error', type: 'invalid', code: 'userAlreadyExists', message: 'A user with the same email address already exists.', hint: 'new field' },
        400,
      ),
    );
    let err = (await client.getUser('usr_1').then(
      () => undefined,
      (e: unknown) => e,
    )) as UpstreamError;
    expect(err).toBeInstanceOf(UpstreamError);
    expect([err.kind, err.status, err.details.type, err.details.code, err.message]).toEqual([
      'http',
      400,
      'invalid',
      'userAlreadyExists',
      'A user with the same email address already exists.',
    ]);
    ({ client } = clientAnswering(() => new Response('<html>Bad gateway</html>', { status: 502 })));
    err = (await client.getUser('usr_1').then(
      () => undefined,
      (e: unknown) => e,
    )) as UpstreamError;
    expect([err.kind, err.status, err.message]).toEqual(['http', 502, 'Gigs answered 502']);
  });

  it('sends the Idempotency-Key on create, accepts any 2xx, and needs the url', async () => {
    let status = 200;
    const { client, calls } = clientAnswering(() =>
      json(
        {
          object: 'connectSession',
          id: 'csn_1',
          intent: { type: 'updatePaymentMethod' },
          user: 'usr_1',
          url: status === 200 ? 'https://connect.gigs.test/x?token=t' : null,
        },
        status,
      ),
    );
    const s = await client.createConnectSession({ intent: { type: 'updatePaymentMethod' }, user: 'usr_1' }, 'key-1');
    expect(s.url).toBe('https://connect.gigs.test/x?token=t');
    expect((calls[0]!.init.headers as Record<string, string>)['idempotency-key']).toBe('key-1');
    expect(calls[0]!.init.method).toBe('POST');
    status = 201;
    const err = await client.createConnectSession({ intent: { type: 'updatePaymentMethod' }, user: 'usr_1' }, 'key-2').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as UpstreamError).kind).toBe('malformed');
  });

  it('searches with an Idempotency-Key too (every POST carries one)', async () => {
    const { client, calls } = clientAnswering(() => json({ object: 'list', items: [], moreItemsAfter: null, moreItemsBefore: null }));
    expect(await client.searchUsersByEmail('x@example.com')).toBeNull();
    expect((calls[0]!.init.headers as Record<string, string>)['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ email: 'x@example.com' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSeparateUpstreams, type SeparateUpstreams } from './helpers/upstreams.ts';

/**
 * The sandbox's Centra Events system, as Centra documents it: listeners per object type, a queue
 * per integration of every change to what is listened to, each event with the object's current
 * state (null when deleted), gone once confirmed and back until then.
 */
let upstreams: SeparateUpstreams;
const key = () => upstreams.sandbox.credentials.centraApiKey;

async function gql(query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${upstreams.url}/sandbox/centra/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key()}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: { message: string }[] };
}
async function control(method: string, path: string, body: unknown) {
  const res = await fetch(`${upstreams.url}/sandbox/centra/_sandbox${path}`, {
    method,
    headers: { 'api-authorization': key(), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.ok).toBe(true);
  return res.json();
}
const EVENTS = `query { events(limit: 200) { id objectType changeType objectReference object { __typename ... on Customer { id email firstName } ... on Subscription { id status } ... on SubscriptionContract { id } } } }`;

beforeAll(async () => {
  upstreams = await startSeparateUpstreams();
});
afterAll(async () => {
  await upstreams?.close();
});

describe("the Centra sandbox's Events system", () => {
  it('queues nothing before listeners are set, then every change to what is listened to, with the object as it is now', async () => {
    await control('PATCH', '/customers/2', { firstName: 'Before' });
    expect((await gql(EVENTS)).data.events).toEqual([]);
    const set = await gql(
      `mutation { setEventListeners(input: [{objectType: Customer}, {objectType: Subscription, changeTypes: [UPDATED]}]) { eventListeners { objectType changeTypes } userErrors { message } } }`,
    );
    expect(set.data.setEventListeners.eventListeners).toEqual([
      { objectType: 'Customer', changeTypes: ['CREATED', 'UPDATED', 'DELETED', 'DEPENDENT_DATA_CHANGED'] },
      { objectType: 'Subscription', changeTypes: ['UPDATED'] },
    ]);
    const contracts = (await gql('{ subscriptionContracts(limit: 20) { subscriptions { id status } } }')).data.subscriptionContracts as {
      subscriptions: { id: number; status: string }[];
    }[];
    const active = contracts.flatMap((c) => c.subscriptions).find((s) => s.status === 'ACTIVE')!;
    await control('PATCH', '/customers/2', { firstName: 'Renamed', email: 'renamed@example.com' });
    const shop = await fetch(`${upstreams.url}/sandbox/centra/api/shop/subscription/status`, {
      method: 'PUT',
      headers: { 'api-authorization': key(), 'content-type': 'application/json' },
      body: JSON.stringify({ subscription: active.id, status: 'paused' }),
    });
    expect(shop.status).toBe(200);
    const { data } = await gql(EVENTS);
    expect(data.events[0]).toMatchObject({
      objectType: 'Customer',
      changeType: 'UPDATED',
      objectReference: '2',
      object: { __typename: 'Customer', id: 2, email: 'renamed@example.com', firstName: 'Renamed' },
    });
    expect(data.events[1]).toMatchObject({
      objectType: 'Subscription',
      changeType: 'UPDATED',
      objectReference: String(active.id),
      object: { __typename: 'Subscription', id: active.id, status: 'PAUSED' },
    });
    // Contracts are not listened to: their update is not queued.
    expect(data.events.filter((e: { objectType: string }) => e.objectType === 'SubscriptionContract')).toEqual([]);
  });

  it('answers the same events until they are confirmed, and never again after', async () => {
    const first = (await gql(EVENTS)).data.events as { id: number }[];
    expect(first.length).toBeGreaterThan(0);
    expect((await gql(EVENTS)).data.events).toEqual(first);
    const confirmed = await gql('mutation C($ids: [Int!]!) { confirmEvents(input: {eventsIds: $ids}) { userErrors { message } } }', {
      ids: first.map((e) => e.id),
    });
    expect(confirmed.data.confirmEvents.userErrors).toEqual([]);
    expect((await gql(EVENTS)).data.events).toEqual([]);
  });

  it('says plainly when the environment has no Events system, or the token may not use it', async () => {
    await control('PUT', '/integration', { mode: 'without-events' });
    expect((await gql(EVENTS)).errors?.[0]?.message).toMatch(/Events system is not enabled/);
    await control('PUT', '/integration', { mode: 'without-event-permission' });
    expect((await gql(EVENTS)).errors?.[0]?.message).toMatch(/lacks the Event:read permission/);
    expect((await gql('mutation { setEventListeners(input: [{objectType: Customer}]) { userErrors { message } } }')).errors?.[0]?.message).toMatch(
      /lacks the Event:write permission/,
    );
    await control('PUT', '/integration', { mode: 'full' });
  });
});

import { describe, expect, it } from 'vitest';
import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { createQueryClient } from '../admin/queryClient.ts';

/**
 * The SPA's query client (admin/queryClient.ts): an auth check abandoned by a screen that left
 * before its answer must not stay "pending" for good, which kept a list on "Loading".
 */
const canAccessKey = ['auth', 'canAccess', { action: 'list', resource: 'staff' }];

/** Asks as react-admin's useCanAccess does: its query function reads the abort signal. */
function askThenLeave(client: QueryClient, queryKey: unknown[]) {
  const observer = new QueryObserver(client, {
    queryKey,
    queryFn: async ({ signal }) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return !signal.aborted;
    },
  });
  const unsubscribe = observer.subscribe(() => {});
  unsubscribe(); // the screen left before the answer
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('the SPA query client', () => {
  it('react-query alone leaves an abandoned auth check pending (what the repair is for)', async () => {
    const client = new QueryClient();
    askThenLeave(client, canAccessKey);
    await settle();
    expect(client.getQueryState(canAccessKey)?.status).toBe('pending');
  });

  it('keeps an auth check a mounted screen waits for', async () => {
    const client = createQueryClient();
    const observer = new QueryObserver(client, { queryKey: canAccessKey, queryFn: async () => true, enabled: false });
    const unsubscribe = observer.subscribe(() => {});
    await settle();
    expect(client.getQueryState(canAccessKey)?.status).toBe('pending');
    unsubscribe();
  });

  it('drops an auth check created by a render that never mounted', async () => {
    const client = createQueryClient();
    client.getQueryCache().build(client, { queryKey: canAccessKey, queryFn: async () => true });
    expect(client.getQueryState(canAccessKey)?.status).toBe('pending');
    await settle();
    expect(client.getQueryState(canAccessKey)).toBeUndefined();
  });

  it('drops an abandoned auth check, so the next screen asks again', async () => {
    const client = createQueryClient();
    askThenLeave(client, canAccessKey);
    await settle();
    expect(client.getQueryState(canAccessKey)).toBeUndefined();

    const answer = await client.fetchQuery({ queryKey: canAccessKey, queryFn: async () => true });
    expect(answer).toBe(true);
    expect(client.getQueryState(canAccessKey)?.status).toBe('success');
  });

  it('keeps an auth check whose answer arrived, and leaves other queries as react-query does', async () => {
    const client = createQueryClient();
    await client.fetchQuery({ queryKey: canAccessKey, queryFn: async () => true });
    askThenLeave(client, canAccessKey); // a refetch abandoned: the earlier answer stays
    askThenLeave(client, ['staff', 'getList']);
    await settle();
    expect(client.getQueryState(canAccessKey)?.status).toBe('success');
    expect(client.getQueryState(['staff', 'getList'])?.status).toBe('pending');
  });
});

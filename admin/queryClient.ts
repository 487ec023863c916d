import { QueryClient, type Query } from '@tanstack/react-query';

/** Asked for, never answered, not being fetched, and no screen waiting for it. */
const abandoned = (query: Query) => query.state.status === 'pending' && query.state.fetchStatus === 'idle' && query.getObserversCount() === 0;

/**
 * react-admin's query client, with one repair. A list's `useIsAuthPending` reads the state of the
 * auth queries without subscribing to them, and shows "Loading" while one is pending. Two ways
 * leave one pending for good with no one to finish it: a screen rendered and dropped before it
 * mounted (its query is created, never fetched), and a screen that left before the answer
 * (react-admin's auth queries read their abort signal, so react-query cancels the first fetch
 * and puts the query back to pending). The next time that list opened, it stayed on "Loading"
 * (test/e2e/fit.spec.ts met it on Staff, on a phone). Such an abandoned auth query is dropped
 * from the cache; a screen that asks again gets a new one, as react-query makes for any query it
 * has collected.
 */
export function createQueryClient(): QueryClient {
  const client = new QueryClient();
  const cache = client.getQueryCache();
  cache.subscribe(({ query }) => {
    if (query.queryKey[0] !== 'auth' || !abandoned(query)) return;
    // After the render that created it has had its chance to mount.
    setTimeout(() => {
      if (abandoned(query) && cache.get(query.queryHash) === query) cache.remove(query);
    }, 0);
  });
  return client;
}

import { useDataProvider } from 'react-admin';
import { useQuery, type UseQueryOptions } from '@tanstack/react-query';
import type { SubdeskDataProvider } from './dataProvider.ts';

/**
 * A read that is neither a list nor a record (status, charts, one plan's facts) through the data
 * provider and react-query: cached and shared by key, and its 401 reaches authProvider.checkError
 * like any list's, so an ended session meets the sign-in, not a dead screen.
 */
export function useApiGet<T>(path: string, options: Omit<UseQueryOptions<T, Error>, 'queryKey' | 'queryFn'> = {}) {
  const dataProvider = useDataProvider<SubdeskDataProvider>();
  return useQuery<T, Error>({ queryKey: ['api', path], queryFn: () => dataProvider.get<T>(path), retry: retryServerErrors, ...options });
}

/** A refusal (4xx: not found, signed out) stays one when asked again; a server or network failure may not. */
export function retryServerErrors(failures: number, error: Error): boolean {
  const status = (error as Error & { status?: number }).status;
  return failures < 2 && !(status !== undefined && status < 500);
}

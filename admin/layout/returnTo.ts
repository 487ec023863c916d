import type { Location } from 'react-router-dom';

/**
 * Router state that says where to go on afterwards, in react-admin's own shape (the sign-in page
 * reads `nextPathname` and `nextSearch` the same way after signing in).
 */
export type ReturnTo = { nextPathname: string; nextSearch: string };

export const returnTo = (location: Pick<Location, 'pathname' | 'search'>): ReturnTo => ({ nextPathname: location.pathname, nextSearch: location.search });

/** The page to go on to, from router state that may carry a ReturnTo; the start page otherwise. */
export function nextPath(state: unknown): string {
  const s = state as Partial<ReturnTo> | null;
  if (!s?.nextPathname || s.nextPathname === '/login') return '/';
  return `${s.nextPathname}${s.nextSearch ?? ''}`;
}

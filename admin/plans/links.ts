import type { Identifier } from 'react-admin';
import { useLocation } from 'react-router-dom';

/**
 * The deep link of one plan, add-on or product (#/plans/<list>/<id>), keeping the list's filter
 * and sort (in the URL) so that closing it comes back to the same list.
 */
export function useDetailPath(list: string) {
  const { search } = useLocation();
  return (id: Identifier) => `/plans/${list}/${encodeURIComponent(String(id))}${search}`;
}

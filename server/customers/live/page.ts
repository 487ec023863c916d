import type { Deps } from '../../deps.ts';
import { headerIds } from '../index/lookup.ts';
import { refreshCustomer } from './refresh.ts';

/**
 * One customer's page: the index row's header with the ids per system, and both systems read
 * live (each allowed to fail alone). What was just read is the freshest truth, so the index row
 * follows it first. Null for an id the index does not know.
 */
export async function customerPage(deps: Pick<Deps, 'customers' | 'gigs' | 'centra' | 'config'>, customerId: string) {
  const r = await refreshCustomer(deps, customerId, { address: true });
  if (!r.refreshed) return null;
  const { gigs, centra, emailKey: _key, exact: _exact, exactKind: _exactKind, ...header } = r.row;
  return { ...header, ...headerIds({ gigs, centra }), gigs: r.live.gigs, centra: r.live.centra };
}

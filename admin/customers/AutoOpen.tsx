import { useEffect } from 'react';
import { useListContext, useRedirect } from 'react-admin';
import { useCustomerSearch } from './CustomerSearch.tsx';
import type { CustomerListRecord } from './types.ts';

/** An exact e-mail or id names one person; a phone number may be a shared line, typed digit by digit. */
const opensByItself = (row: CustomerListRecord) => row.exactKind === 'email' || row.exactKind === 'id';

/**
 * Opens the customer the agent's search names: typed, when the only result is an exact e-mail or
 * id match; on Enter, whatever the only result is. Only the answer to the text now in the box may
 * do so, once: never a previous answer still shown while the next loads, never on coming back.
 */
export function AutoOpen() {
  const { data, total, isFetching, isPlaceholderData } = useListContext<CustomerListRecord>();
  const { text, query, intent, settle } = useCustomerSearch();
  const redirect = useRedirect();
  useEffect(() => {
    if (!intent || intent.query !== query || text.trim() !== query) return;
    if (isFetching || isPlaceholderData || !data) return;
    settle();
    const only = total === 1 ? data[0] : undefined;
    if (only && (intent.by === 'enter' || opensByItself(only))) redirect('show', 'customers', only.id);
  }, [intent, query, text, isFetching, isPlaceholderData, data, total, settle, redirect]);
  return null;
}

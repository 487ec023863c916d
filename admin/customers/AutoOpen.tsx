import { useEffect } from 'react';
import { useListContext, useRedirect } from 'react-admin';

// The query that last opened a customer by itself: going back to the list must not bounce the
// agent straight into the same customer again.
let lastAutoOpened: string | null = null;

/**
 * Exactly one hit on an exact key (an id or an e-mail, as the server flags it) opens that
 * customer straight away: the agent pasted something that identifies one person.
 */
export function AutoOpen() {
  const { data, total, filterValues, isPending } = useListContext<{ id: string; exact?: boolean }>();
  const redirect = useRedirect();
  const q = typeof filterValues?.q === 'string' ? filterValues.q.trim() : '';
  useEffect(() => {
    if (isPending || !q || total !== 1 || !data?.[0]?.exact) return;
    if (lastAutoOpened === q) return;
    lastAutoOpened = q;
    redirect('show', 'customers', data[0].id);
  }, [isPending, q, total, data, redirect]);
  return null;
}

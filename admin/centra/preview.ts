import { useGetOne } from 'react-admin';
// The server's own types, imported as types only.
import type { SubscriptionView } from '../../server/centra/view.ts';

export type SubscriptionPreview = SubscriptionView;

/**
 * The subscription with subdesk's rule previews (GET /api/centra-subscriptions/:id), read fresh
 * each time a dialog opens: the catalogue or the subscription may have changed meanwhile.
 */
export function useSubscriptionPreview(id: number, open: boolean) {
  const { data, error } = useGetOne<SubscriptionPreview>(
    'centra-subscriptions',
    { id },
    { enabled: open, staleTime: 0, gcTime: 0, refetchOnWindowFocus: false },
  );
  return { preview: open ? (data ?? null) : null, error: (error as Error | null) ?? null };
}

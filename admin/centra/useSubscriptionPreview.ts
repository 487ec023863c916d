import { useEffect, useState } from 'react';
import { apiError, centraApi, type ApiError, type SubscriptionPreview } from './api.ts';

/** Reads the subscription's rule previews when a dialog opens (fresh each time: the catalogue may change). */
export function useSubscriptionPreview(id: number, open: boolean) {
  const [preview, setPreview] = useState<SubscriptionPreview | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    if (!open) return;
    let live = true;
    setPreview(null);
    setError(null);
    centraApi.subscription(id).then(
      (p) => live && setPreview(p),
      (err) => live && setError(apiError(err)),
    );
    return () => {
      live = false;
    };
  }, [id, open]);
  return { preview, error };
}

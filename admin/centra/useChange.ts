import { useState } from 'react';
import { useNotify, useRefresh } from 'react-admin';
import { apiError, type ApiError, type ChangeAnswer } from './api.ts';

/**
 * Pessimistic submit for the Centra dialogs: wait for the real outcome, then a success
 * notification naming what changed and a refetch of the customer page; on failure the agent-
 * readable message stays in the dialog (and field errors beside their inputs).
 */
export function useChange(onDone: () => void) {
  const notify = useNotify();
  const refresh = useRefresh();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function submit(send: () => Promise<ChangeAnswer>) {
    setSaving(true);
    setError(null);
    try {
      const answer = await send();
      notify(answer.message, { type: 'success' });
      onDone();
      refresh();
    } catch (err) {
      setError(apiError(err));
    } finally {
      setSaving(false);
    }
  }

  return { saving, error, setError, submit };
}

import { useDataProvider, useNotify, useRefresh } from 'react-admin';
import { useMutation } from '@tanstack/react-query';
import type { ChangeAnswer, SubdeskDataProvider } from '../dataProvider.ts';
import { serverErrors } from '../customers/form-errors.ts';

/**
 * Sends one Centra change through the data provider (so a 401 reaches authProvider.checkError):
 * on success a notification naming what changed, the dialog closed and the customer page read
 * again; on failure the server's errors for the form to show.
 */
export function useCentraSave(onDone: () => void) {
  const dataProvider = useDataProvider<SubdeskDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const mutation = useMutation({ mutationFn: (send: (dp: SubdeskDataProvider) => Promise<ChangeAnswer>) => send(dataProvider) });
  return async (send: (dp: SubdeskDataProvider) => Promise<ChangeAnswer>) => {
    try {
      const answer = await mutation.mutateAsync(send);
      notify(answer.message, { type: 'success' });
      onDone();
      refresh();
      return undefined;
    } catch (err) {
      return serverErrors(err);
    }
  };
}

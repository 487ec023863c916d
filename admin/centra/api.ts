import { httpClient } from '../dataProvider.ts';
import type { CentraAddress } from '../customers/types.ts';
// The server's own types, imported as types only: nothing of the server reaches the bundle.
import type { SubscriptionView } from '../../server/centra/view.ts';

/** What GET /api/centra-subscriptions/:id answers: the subscription with subdesk's rule previews. */
export type SubscriptionPreview = SubscriptionView;
export type { IntervalOption } from '../../server/centra/rules.ts';

export type AddressFields = Omit<CentraAddress, 'country' | 'state'>;

/** The answer of every change: the changed object plus a sentence naming what changed. */
export type ChangeAnswer = { message: string };

export type ApiError = { message: string; errors: Record<string, string> };

/** react-admin's HttpError carries our `{message, errors}` body: the sentence written for the agent. */
export function apiError(err: unknown): ApiError {
  const e = err as { message?: string; body?: { message?: string; errors?: Record<string, string> } };
  return { message: e?.body?.message ?? e?.message ?? 'Something went wrong; try again.', errors: e?.body?.errors ?? {} };
}

const json = async <T>(url: string, init?: RequestInit) => (await httpClient(url, init as never)).json as T;

export const centraApi = {
  subscription: (id: number) => json<SubscriptionPreview>(`/api/centra-subscriptions/${id}`),
  changeAddress: (contractId: number, body: AddressFields) =>
    json<ChangeAnswer>(`/api/centra-contracts/${contractId}/address`, { method: 'PUT', body: JSON.stringify(body) }),
  changeInterval: (id: number, planId: string) =>
    json<ChangeAnswer>(`/api/centra-subscriptions/${id}/interval`, { method: 'POST', body: JSON.stringify({ planId }) }),
  changeQuantity: (id: number, quantity: number) =>
    json<ChangeAnswer>(`/api/centra-subscriptions/${id}/quantity`, { method: 'POST', body: JSON.stringify({ quantity }) }),
  changeStatus: (id: number, status: 'active' | 'paused' | 'cancelled', reason: { code: string; text?: string }) =>
    json<ChangeAnswer>(`/api/centra-subscriptions/${id}/status`, { method: 'POST', body: JSON.stringify({ status, reason }) }),
};

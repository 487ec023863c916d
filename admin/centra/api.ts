import { httpClient } from '../dataProvider.ts';
import type { CentraAddress, CentraSubscription } from '../customers/types.ts';

/** What GET /api/centra-subscriptions/:id answers: the subscription with subdesk's rule previews. */
export type IntervalOption = {
  planId: string;
  name: string;
  interval: { type: string; value: number };
  discountPercent: number;
  current: boolean;
  nextOrderDate: string | null;
  followingOrderDate: string | null;
};

export type SubscriptionPreview = CentraSubscription & {
  contractId: number;
  customerId: string;
  allowed: ('active' | 'paused' | 'cancelled')[];
  intervalOptions: IntervalOption[];
  intervalUnavailableReason: string | null;
  quantityIncreaseAllowed: boolean;
  quantityIncreaseReason: string | null;
  cancelPurgesPayment: boolean;
  needsAttention: string[];
  schedule: { nextOrderDate: string | null; followingOrderDate: string | null; onResume?: string | null };
  contract: { id: number; liveSubscriptions: number; subscriptionPayment: { id: string; paymentMethod: string; status: string }[] };
};

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

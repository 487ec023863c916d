import simpleRestProvider from 'ra-data-simple-rest';
import { fetchUtils, type DataProvider } from 'react-admin';

/** Same-origin fetch: the session cookie is httpOnly and travels by itself. */
export const httpClient = (url: string, options: fetchUtils.Options = {}) =>
  fetchUtils.fetchJson(url, { ...options, credentials: 'same-origin' });

const base = simpleRestProvider('/api', httpClient);

/** The answer of every Centra change: the changed object plus a sentence naming what changed. */
export type ChangeAnswer = { message: string };

/** What POST /api/connect-sessions answers: the links-list row plus the url, which exists only there and in the dialog's state. */
export type CreatedLink = { id: string; url: string; intent: string; customerId: string; createdAt: string };

const post = async <T>(path: string, body: unknown = {}, method = 'POST') => {
  const { json } = await httpClient(`/api/${path}`, { method, body: JSON.stringify(body) });
  return json as T;
};
const idPath = (id: string | number) => encodeURIComponent(String(id));

/**
 * Every read and write of the SPA goes through here, reached with `useDataProvider()` (whose
 * proxy hands a 401 to authProvider.checkError: an ended session meets the sign-in page, from any
 * screen). The custom verbs below are the API's actions that are not CRUD.
 */
export type SubdeskDataProvider = DataProvider & {
  /** `POST /api/<resource>/<id>/<verb>` for actions that are not CRUD. */
  action<T = unknown>(resource: string, id: string | number, verb: string, body?: unknown): Promise<T>;
  /** `POST /api/<resource>` answering something other than a record (e.g. verify). */
  post<T = unknown>(path: string, body?: unknown): Promise<T>;
  /** `GET /api/<path>` for reads that are not lists (status, detail views). */
  get<T = unknown>(path: string): Promise<T>;
  /** `PUT /api/centra-contracts/:id/address` (flat Centra fields, no country). */
  changeContractAddress(contractId: number, address: Record<string, string>): Promise<ChangeAnswer>;
  /** `POST /api/centra-subscriptions/:id/{interval|quantity|status}`. */
  changeCentraSubscription(id: number, change: 'interval' | 'quantity' | 'status', body: unknown): Promise<ChangeAnswer>;
  /**
   * `POST /api/connect-sessions`, not `create`: the answer carries the bearer link, which must
   * never enter react-admin's record cache or store. `clientRequestId` is made once per dialog.
   */
  createConnectLink(body: { customerId: string; clientRequestId: string; intent: unknown }): Promise<CreatedLink>;
  /** `POST /api/connect-sessions/:id/revoke`: withdrawn in subdesk (Gigs documents no revoke). */
  revokeConnectLink(id: string): Promise<{ id: string; outcome: string }>;
};

export const dataProvider: SubdeskDataProvider = {
  ...base,
  action: <T>(resource: string, id: string | number, verb: string, body: unknown = {}) => post<T>(`${resource}/${idPath(id)}/${verb}`, body),
  post: <T>(path: string, body: unknown = {}) => post<T>(path, body),
  async get<T>(path: string) {
    const { json } = await httpClient(`/api/${path}`);
    return json as T;
  },
  changeContractAddress: (contractId, address) => post<ChangeAnswer>(`centra-contracts/${idPath(contractId)}/address`, address, 'PUT'),
  changeCentraSubscription: (id, change, body) => post<ChangeAnswer>(`centra-subscriptions/${idPath(id)}/${change}`, body),
  createConnectLink: (body) => post<CreatedLink>('connect-sessions', body),
  revokeConnectLink: (id) => post<{ id: string; outcome: string }>(`connect-sessions/${idPath(id)}/revoke`),
};

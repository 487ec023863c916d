import simpleRestProvider from 'ra-data-simple-rest';
import { fetchUtils, HttpError, type DataProvider, type GetListParams, type GetListResult } from 'react-admin';
import { noteSessionHeaders } from './layout/session.ts';
import type { HealthCheck } from '../server/status/health.ts';
import { MAX_PAGE_SIZE } from '../server/http/page-size.ts';

export type Health = Awaited<ReturnType<HealthCheck['check']>>;

/** Same-origin fetch: the session cookie is httpOnly and travels by itself. */
export async function httpClient(url: string, options: fetchUtils.Options = {}) {
  const answer = await fetchUtils.fetchJson(url, { ...options, credentials: 'same-origin' });
  noteSessionHeaders(answer.headers);
  return answer;
}

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
  /** `GET /api/health`: a 503 (something is down) is an answer too, saying what. */
  health(): Promise<Health>;
};

/**
 * A list asked for more rows than the API answers at once (react-admin's exports ask for 1,000;
 * the API gives at most MAX_PAGE_SIZE) is read page by page: every list's export works whatever
 * its size. Pages that do not start on a MAX_PAGE_SIZE boundary go as asked.
 */
async function getListInPages(resource: string, params: GetListParams): Promise<GetListResult> {
  const { page, perPage } = params.pagination ?? { page: 1, perPage: MAX_PAGE_SIZE };
  const first = (page - 1) * perPage;
  if (perPage <= MAX_PAGE_SIZE || first % MAX_PAGE_SIZE !== 0) return base.getList(resource, params);
  const data: GetListResult['data'] = [];
  let total: number | undefined;
  for (let start = first; start < first + perPage && (total === undefined || start < total); start += MAX_PAGE_SIZE) {
    const perPageNow = Math.min(MAX_PAGE_SIZE, first + perPage - start);
    // simple-rest asks for rows [(page - 1) * perPage, page * perPage - 1]: a MAX_PAGE_SIZE grid.
    const answer = await base.getList(resource, { ...params, pagination: { page: start / MAX_PAGE_SIZE + 1, perPage: MAX_PAGE_SIZE } });
    data.push(...answer.data.slice(0, perPageNow));
    total = answer.total;
    if (answer.data.length < MAX_PAGE_SIZE) break;
  }
  return { data, total };
}

export const dataProvider: SubdeskDataProvider = {
  ...base,
  getList: getListInPages,
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
  async health() {
    try {
      return (await httpClient('/api/health')).json as Health;
    } catch (err) {
      if (err instanceof HttpError && err.status === 503 && err.body) return err.body as Health;
      throw err;
    }
  },
};

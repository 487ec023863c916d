import simpleRestProvider from 'ra-data-simple-rest';
import { fetchUtils, HttpError, type DataProvider } from 'react-admin';
import { noteSessionHeaders } from './layout/session.ts';
import type { checkHealth } from '../server/status/health.ts';

export type Health = Awaited<ReturnType<typeof checkHealth>>;

/** Same-origin fetch: the session cookie is httpOnly and travels by itself. */
export async function httpClient(url: string, options: fetchUtils.Options = {}) {
  const answer = await fetchUtils.fetchJson(url, { ...options, credentials: 'same-origin' });
  noteSessionHeaders(answer.headers);
  return answer;
}

const base = simpleRestProvider('/api', httpClient);

export type SubdeskDataProvider = DataProvider & {
  /** `POST /api/<resource>/<id>/<verb>` for actions that are not CRUD. */
  action<T = unknown>(resource: string, id: string | number, verb: string, body?: unknown): Promise<T>;
  /** `POST /api/<resource>` answering something other than a record (e.g. verify). */
  post<T = unknown>(path: string, body?: unknown): Promise<T>;
  /** `GET /api/<path>` for reads that are not lists (status, detail views). */
  get<T = unknown>(path: string): Promise<T>;
  /** `GET /api/health`: a 503 (something is down) is an answer too, saying what. */
  health(): Promise<Health>;
};

export const dataProvider: SubdeskDataProvider = {
  ...base,
  async action<T>(resource: string, id: string | number, verb: string, body: unknown = {}) {
    const { json } = await httpClient(`/api/${resource}/${encodeURIComponent(String(id))}/${verb}`, { method: 'POST', body: JSON.stringify(body) });
    return json as T;
  },
  async post<T>(path: string, body: unknown = {}) {
    const { json } = await httpClient(`/api/${path}`, { method: 'POST', body: JSON.stringify(body) });
    return json as T;
  },
  async get<T>(path: string) {
    const { json } = await httpClient(`/api/${path}`);
    return json as T;
  },
  async health() {
    try {
      return (await httpClient('/api/health')).json as Health;
    } catch (err) {
      if (err instanceof HttpError && err.status === 503 && err.body) return err.body as Health;
      throw err;
    }
  },
};

import { z } from 'zod';
import { HttpClient } from './http.ts';

export type GigsClientOptions = {
  baseUrl: string;
  project: string;
  apiKey: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
};

const gigsErrorBody = z.object({ type: z.string().optional(), code: z.string().optional(), message: z.string().optional() }).passthrough();

/** The Gigs Core + Connect API client. Every path is /projects/{project}/...; Bearer auth. */
export class GigsClient {
  readonly http: HttpClient;

  constructor(readonly opts: GigsClientOptions) {
    this.http = new HttpClient({
      system: 'gigs',
      baseUrl: `${opts.baseUrl.replace(/\/+$/, '')}/projects/${encodeURIComponent(opts.project)}`,
      headers: { authorization: `Bearer ${opts.apiKey}` },
      timeoutMs: opts.timeoutMs,
      fetch: opts.fetch,
      sleep: opts.sleep,
      parseError: (status, body) => {
        const parsed = gigsErrorBody.safeParse(body);
        const e = parsed.success ? parsed.data : {};
        return { message: e.message ?? `Gigs answered ${status}`, type: e.type, code: e.code };
      },
    });
  }

  /** Cheapest authenticated call: one plan. */
  async ping(): Promise<void> {
    await this.http.request({ method: 'GET', path: '/plans', query: { limit: 1 }, schema: z.object({ object: z.literal('list') }).passthrough() });
  }
}

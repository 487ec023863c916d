import { GigsClient, type GigsClientOptions } from '../server/upstream/gigs.ts';
import type { TestServer } from './helpers/server.ts';
import { people } from '../server/sandbox/people.ts';

export const PROJECT = 'subdesk-sandbox';

/** The Gigs sandbox base URL of a started test server (what the real client is pointed at). */
export const gigsBase = (t: TestServer) => `${t.url}/sandbox/gigs`;

/** A real client against the test server's sandbox, with options overridden (key, timeout, sleep). */
export function gigsClient(t: TestServer, opts: Partial<GigsClientOptions> = {}): GigsClient {
  return new GigsClient({ baseUrl: gigsBase(t), project: PROJECT, apiKey: t.sandbox!.credentials.gigsApiKey, timeoutMs: 2000, ...opts });
}

/** A raw HTTP call to the emulator, for what the client hides (statuses, headers, raw bytes). */
export function gigsRaw(t: TestServer, path: string, init: RequestInit & { key?: string | null } = {}) {
  const { key, headers, ...rest } = init;
  const auth: Record<string, string> = key === null ? {} : { authorization: `Bearer ${key ?? t.sandbox!.credentials.gigsApiKey}` };
  const url = path.startsWith('/_sandbox') || path.startsWith('/connect/') ? `${gigsBase(t)}${path}` : `${gigsBase(t)}/projects/${PROJECT}${path}`;
  const all: Record<string, string> = {
    ...auth,
    ...(rest.body ? { 'content-type': 'application/json' } : {}),
    ...(headers as Record<string, string> | undefined),
  };
  return fetch(url, { ...rest, headers: all });
}

/**
 * Stops the sandbox delivering Gigs' webhooks to the test server (as if no endpoint were
 * registered): for tests of what settles a link or refreshes a customer without the change feed.
 */
export function withoutWebhooks(t: TestServer) {
  t.sandbox!.gigsWebhooks.register(null);
}

/** Switches a fault on in the emulator through its control endpoint. */
export async function addFault(t: TestServer, fault: Record<string, unknown>) {
  const res = await gigsRaw(t, '/_sandbox/faults', { method: 'POST', body: JSON.stringify(fault) });
  if (res.status !== 201) throw new Error(`fault not accepted: ${res.status} ${await res.text()}`);
}

export async function clearFaults(t: TestServer) {
  await gigsRaw(t, '/_sandbox/faults', { method: 'DELETE' });
}

/** The people the test server's sandbox was seeded from (SANDBOX_CUSTOMERS=320). */
export const seededPeople = (count = 320) => [...people(count)];

/** The hosted page URL of a session, moved onto the test server (PUBLIC_URL is not its port). */
export function onTestServer(t: TestServer, url: string): string {
  const u = new URL(url);
  return `${t.url}${u.pathname}${u.search}`;
}

/** Reads the hidden token, the form actions and the select options out of a hosted page. */
export function parseHostedPage(html: string) {
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
  const actions = [...html.matchAll(/<form method="post" action="([^"]+)"/g)].map((m) => m[1]!);
  const options = [...html.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]!);
  return { token, actions, options };
}

export async function submitForm(pageUrl: string, action: string, fields: Record<string, string>) {
  return fetch(new URL(action, pageUrl), { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
}

import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { TestServer } from './server.ts';
import { req } from './auth.ts';
import { gigsClient, gigsRaw, onTestServer, parseHostedPage, submitForm } from '../gigs-helpers.ts';
import { customerIdFor, emailKey } from '../../server/customers/normalise.ts';
import type { GigsFacts } from '../../server/customers/types.ts';
import type { GigsSubscription } from '../../server/upstream/gigs.ts';
import { sqliteOf } from './engines.ts';

/** Waits until the sandbox has delivered everything and subdesk has applied it. */
export async function feedSettled(t: TestServer) {
  for (let i = 0; i < 3; i++) {
    await t.sandbox!.gigsWebhooks.idle();
    await t.deps.feeds.applier!.idle();
  }
}

/** Posts an event to /webhooks/gigs signed with the endpoint's secret, as Gigs would. */
export async function deliver(t: TestServer, event: Record<string, unknown>, id = `msg_${randomUUID()}`) {
  const body = JSON.stringify({ object: 'event', id: `evt_${randomUUID()}`, ...event });
  const now = new Date();
  const headers = {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': new Webhook(t.sandbox!.credentials.gigsWebhookSecret).sign(id, now, body),
  };
  const res = await t.app.request('/webhooks/gigs', { method: 'POST', body, headers });
  if (res.status !== 204) throw new Error(`delivery refused: ${res.status} ${await res.text()}`);
  await t.deps.feeds.applier!.idle();
  return id;
}

/** What the inbox says it did with a delivery. */
export const outcomeOf = (t: TestServer, deliveryId: string) =>
  (sqliteOf(t.deps).$client.prepare('SELECT outcome FROM feed_inbox WHERE delivery_id = ?').get(deliveryId) as { outcome: string | null } | undefined)?.outcome;

/** The Gigs facts the index holds for an e-mail (null: none). */
export function gigsFactsOf(t: TestServer, email: string): GigsFacts | null {
  const row = sqliteOf(t.deps).$client.prepare('SELECT gigs FROM customers WHERE email_key = ?').get(emailKey(email)) as { gigs: string | null } | undefined;
  return row?.gigs ? (JSON.parse(row.gigs) as GigsFacts) : null;
}

/** A seeded subscription whose active user is in the index. */
export async function indexedSubscription(t: TestServer, pred: (s: GigsSubscription) => boolean, skip = 0) {
  const search = t.deps.customers.search;
  let skipped = 0;
  for await (const page of gigsClient(t).allSubscriptions()) {
    for (const s of page) {
      if (!pred(s) || s.user?.status !== 'active') continue;
      const customerId = customerIdFor(emailKey(s.user.email));
      if (!(await search.byId(customerId))) continue;
      if (skipped++ < skip) continue;
      return { sub: s, customerId };
    }
  }
  throw new Error('no such seeded subscription');
}

/** An agent makes a Connect link; the customer opens it and presses Complete (the first plan offered when one is asked for). */
export async function completeOnConnect(t: TestServer, cookie: string, customerId: string, intent: object, fields: Record<string, string> = {}) {
  const res = await t.app.request('/api/connect-sessions', ...req('POST', { cookie, body: { customerId, clientRequestId: randomUUID(), intent } }));
  if (res.status !== 201) throw new Error(`link not made: ${res.status} ${await res.text()}`);
  const link = (await res.json()) as { id: string; url: string };
  const pageUrl = onTestServer(t, link.url);
  const { token, actions, options } = parseHostedPage(await (await fetch(pageUrl)).text());
  const done = await submitForm(pageUrl, actions.find((a) => a.endsWith('/complete'))!, {
    token: token!,
    ...(options[0] && !fields.plan ? { plan: options[0] } : {}),
    ...fields,
  });
  if (done.status !== 303) throw new Error(`not completed: ${done.status} ${await done.text()}`);
  return { sessionId: link.id, callback: new URL(done.headers.get('location')!) };
}

/** A sandbox control call (user changes, delivery switches). */
export async function sandboxControl(t: TestServer, method: string, path: string, body?: unknown) {
  const res = await gigsRaw(t, path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res;
}

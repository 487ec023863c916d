import type { Context } from 'hono';
import type { GigsStore } from './store.ts';
import type { Row } from './paging.ts';

/**
 * List answers written as text: each row's stored document is already the JSON the API answers
 * (minus embedded objects), so a page is concatenated rather than parsed and re-serialised. A page
 * of 200 subscriptions embeds each user and plan document as stored; the bytes mean the same JSON
 * as listEnvelope + c.json would send (key order aside).
 */
export function listBody(items: string[], moreItemsAfter: string | null, moreItemsBefore: string | null): string {
  return `{"object":"list","items":[${items.join(',')}],"moreItemsAfter":${JSON.stringify(moreItemsAfter)},"moreItemsBefore":${JSON.stringify(moreItemsBefore)}}`;
}

export const jsonText = (c: Context, body: string) => c.body(body, 200, { 'content-type': 'application/json' });

/** Subscription rows with their plan and user embedded, each looked up once per page. */
export function subscriptionItems(store: GigsStore, rows: Row[]): string[] {
  const plans = new Map<string, string>();
  const users = new Map<string, string>();
  const docOf = (map: Map<string, string>, stmt: { get(id: string): unknown }, id: string) => {
    let json = map.get(id);
    if (json === undefined) {
      json = (stmt.get(id) as { doc: string } | undefined)?.doc ?? 'null';
      map.set(id, json);
    }
    return json;
  };
  const s = store.statements;
  return rows.map((r) => {
    const doc = r.doc;
    const embedded = `"plan":${docOf(plans, s.planById, r.planId as string)},"user":${docOf(users, s.userById, r.userId as string)}`;
    return doc.length > 2 ? `{${embedded},${doc.slice(1)}` : `{${embedded}}`;
  });
}

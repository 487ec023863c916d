import { NOTHING } from '../json-bytes.ts';
import type { GigsTable } from './tables.ts';
import type { Condition, PageRequest, Pager } from './paging.ts';

/**
 * List answers written by SQLite: each row's stored document is already the JSON the API answers
 * (minus embedded objects), so the page query hands over each item as UTF-8 bytes and the page
 * is their concatenation. Bulk crawls read hundreds of megabytes this way; as JS strings every
 * byte would be decoded from SQLite and encoded again for the socket. The bytes mean the same
 * JSON as listEnvelope + c.json would send (key order aside).
 */
export function listPage(pager: Pager, table: GigsTable, conditions: Condition[], req: PageRequest, itemSql = `${table}.doc`): Buffer<ArrayBuffer> {
  const page = pager.pageOf<{ item: Buffer }>(table, conditions, req, `CAST(${itemSql} AS BLOB) AS item`);
  const parts: Uint8Array[] = [LIST_HEAD];
  page.rows.forEach((row, i) => parts.push(i ? COMMA : NOTHING, row.item));
  parts.push(Buffer.from(`],"moreItemsAfter":${JSON.stringify(page.moreItemsAfter)},"moreItemsBefore":${JSON.stringify(page.moreItemsBefore)}}`));
  return Buffer.concat(parts);
}

const LIST_HEAD = Buffer.from('{"object":"list","items":[');
const COMMA = Buffer.from(',');

/** A subscription's document with its plan and user embedded, as the list answers it. */
export const SUBSCRIPTION_ITEM_SQL = `'{"plan":' || coalesce((SELECT p.doc FROM gigs_plans p WHERE p.id = gigs_subscriptions.plan_id), 'null')
  || ',"user":' || coalesce((SELECT u.doc FROM gigs_users u WHERE u.id = gigs_subscriptions.user_id), 'null')
  || CASE WHEN gigs_subscriptions.doc <> '{}' THEN ',' || substr(gigs_subscriptions.doc, 2) ELSE '}' END`;

import { NOTHING, wrapJson } from '../json-bytes.ts';
import type { GigsTable } from './tables.ts';
import type { Condition, PageRequest, Pager } from './paging.ts';

/**
 * List answers written by SQLite: each row's stored document is already the JSON the API answers
 * (minus embedded objects), so one query concatenates a page's items and hands them over as a
 * UTF-8 buffer. Bulk crawls read hundreds of megabytes this way; as JS strings every byte would
 * be decoded from SQLite and encoded again for the socket. The bytes mean the same JSON as
 * listEnvelope + c.json would send (key order aside).
 */
export function listPage(pager: Pager, table: GigsTable, conditions: Condition[], req: PageRequest, itemSql = `${table}.doc`): Buffer<ArrayBuffer> {
  const page = pager.keys(table, conditions, req);
  let items: Buffer | null = null;
  if (page.rows.length) {
    // The page is every matching row between its oldest and newest seq, so a range finds it again.
    const seqs = page.rows.map((r) => r.seq);
    const where = [...conditions.map((c) => c.clause), 'seq BETWEEN ? AND ?'].join(' AND ');
    const sql = `SELECT CAST(group_concat(${itemSql}, ',' ORDER BY seq DESC) AS BLOB) FROM ${table} WHERE ${where}`;
    items = pager.statement(sql).pluck().get(...conditions.map((c) => c.value), Math.min(...seqs), Math.max(...seqs)) as Buffer;
  }
  const tail = `],"moreItemsAfter":${JSON.stringify(page.moreItemsAfter)},"moreItemsBefore":${JSON.stringify(page.moreItemsBefore)}}`;
  return wrapJson('{"object":"list","items":[', items ?? NOTHING, tail);
}

/** A subscription's document with its plan and user embedded, as the list answers it. */
export const SUBSCRIPTION_ITEM_SQL = `'{"plan":' || coalesce((SELECT p.doc FROM gigs_plans p WHERE p.id = gigs_subscriptions.plan_id), 'null')
  || ',"user":' || coalesce((SELECT u.doc FROM gigs_users u WHERE u.id = gigs_subscriptions.user_id), 'null')
  || CASE WHEN length(gigs_subscriptions.doc) > 2 THEN ',' || substr(gigs_subscriptions.doc, 2) ELSE '}' END`;

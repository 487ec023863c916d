import { parseJson, type StoredRow } from '../audit/query.ts';
import { completeLine, groupLines, type FullEntry, type TimelineLine } from './lines.ts';
import type { TimelineStore } from './store/index.ts';

/**
 * One page of a customer's timeline. The grouping needs the whole history's cheap columns (a
 * pair or a run of views may straddle any page boundary), read through audit_customer_idx; only
 * the page's own entries are then read whole. A customer has hundreds or thousands of entries,
 * not millions: views repeat at most once a minute per staff member (http/audit-context.ts).
 */
export async function timelinePage(
  store: TimelineStore,
  customerId: string,
  sort: { field: 'time' | 'id'; order: 'ASC' | 'DESC' },
  start: number,
  limit: number,
): Promise<{ rows: TimelineLine[]; total: number }> {
  const all = groupLines(await store.lightEntries(customerId));
  // Newest first as read; `id` (react-admin's default sort) orders the lines' ids as text.
  if (sort.field === 'id') all.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if ((sort.field === 'id') === (sort.order === 'DESC')) all.reverse();
  const page = all.slice(start, start + limit);
  const wanted = page.filter((l) => l.kind === 'action').flatMap((l) => l.seqs);
  const full = new Map<number, FullEntry>();
  for (const r of await store.entries(wanted)) full.set(r.seq, entryOf(r));
  return {
    rows: page.map((l) =>
      completeLine(
        l,
        l.seqs.map((s) => full.get(s)).filter((e): e is FullEntry => Boolean(e)),
      ),
    ),
    total: all.length,
  };
}

function entryOf(r: StoredRow): FullEntry {
  return {
    seq: r.seq,
    time: r.time,
    requestId: r.request_id,
    action: r.action,
    outcome: r.outcome,
    actorType: r.actor_type,
    actorId: r.actor_id,
    actorEmail: r.actor_email,
    actorRole: r.actor_role,
    targetType: r.target_type,
    targetId: r.target_id,
    request: parseJson(r.request),
    before: parseJson(r.before),
    after: parseJson(r.after),
    error: parseJson(r.error),
    upstreamRef: r.upstream_ref,
  };
}

import type { AuditFilter } from './filter.ts';
import { timeBound } from './filter.ts';

/**
 * A WHERE clause over audit_events (aliased `e`) with `?` placeholders and its parameters; `empty`
 * when nothing can match. The same text runs on both engines (PostgreSQL numbers the placeholders).
 */
export type Where = { sql: string; params: unknown[]; empty: boolean; filtered: boolean };

/**
 * What `q` also means beyond the log's own identifiers: the customers whose name or e-mail it
 * matches, as the customer index found them (server/audit/customers.ts). The log stores only ids.
 */
export type QMatches = { customerIds?: readonly string[] };

/**
 * A time bound turned into a seq bound: the first entry at or after `time_gte`, the last at or
 * before `time_lte` (null: none). Each store runs these with the bound from timeBound().
 */
export const SEQ_AT_TIME = {
  gte: 'SELECT min(seq) AS seq FROM audit_events WHERE time = (SELECT min(time) FROM audit_events WHERE time >= ?)',
  lte: 'SELECT max(seq) AS seq FROM audit_events WHERE time = (SELECT max(time) FROM audit_events WHERE time <= ?)',
} as const;

export type SeqBounds = { gte?: number | null; lte?: number | null };

/** The time bounds a filter asks for, as SEQ_AT_TIME's parameters. */
export function timeBounds(f: AuditFilter): { gte?: string; lte?: string } {
  return {
    ...(f.time_gte ? { gte: timeBound(f.time_gte, 'gte') } : {}),
    ...(f.time_lte ? { lte: timeBound(f.time_lte, 'lte') } : {}),
  };
}

/**
 * Builds the WHERE of a filtered list or export, the time range already turned into `bounds`.
 *
 * Speed at ten million rows rests on one invariant: time never decreases along seq (record()
 * keeps it so and verify() checks it). A time range is therefore turned into a seq range with two
 * lookups on audit_time_idx (SEQ_AT_TIME), and every other filter is an equality on the leading
 * columns of an index that ends in seq (schema.ts). `actor + time` and `action + outcome + time`
 * are then one index range scan read in seq order, stopping after one page.
 */
export function buildWhere(f: AuditFilter, matches: QMatches, bounds: SeqBounds): Where {
  const parts: string[] = [];
  const params: unknown[] = [];
  const eq = (col: string, v: unknown) => {
    parts.push(`e.${col} = ?`);
    params.push(v);
  };
  if (f.id !== undefined) {
    const ids = Array.isArray(f.id) ? f.id : [f.id];
    parts.push(`e.seq IN (${ids.map(() => '?').join(',')})`);
    params.push(...ids);
  }
  if (f.actorId) eq('actor_id', f.actorId);
  if (f.actorEmail) eq('actor_email', f.actorEmail.toLowerCase());
  if (f.action) {
    if (f.action.endsWith('*')) {
      // `centra.*` → centra.<anything>: a range on the action index ('/' sorts right after '.').
      const prefix = f.action.replace(/\*+$/, '');
      parts.push('e.action >= ? AND e.action < ?');
      params.push(prefix, prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1));
    } else eq('action', f.action);
  }
  if (f.customerId) eq('customer_id', f.customerId);
  if (f.targetType) eq('target_type', f.targetType);
  if (f.targetId) eq('target_id', f.targetId);
  if (f.requestId) eq('request_id', f.requestId);
  if (f.outcome !== undefined) {
    const list = Array.isArray(f.outcome) ? f.outcome : [f.outcome];
    if (list.length === 1) eq('outcome', list[0]);
    else {
      parts.push(`e.outcome IN (${list.map(() => '?').join(',')})`);
      params.push(...list);
    }
  }
  if (f.pending) parts.push('e.seq IN (SELECT seq FROM audit_pending)');
  if (f.q) {
    // Exact identifiers only (GitHub's audit search has no free text either): each arm is indexed.
    const q = f.q;
    const arms = ['e.request_id = ?', 'e.customer_id = ?', 'e.actor_email = ?', 'e.actor_id = ?', 'e.action = ?'];
    const qp: unknown[] = [q, q, q.toLowerCase(), q, q];
    if (/^\d+$/.test(q)) {
      arms.push('e.seq = ?');
      qp.push(Number(q));
    }
    // A person's name or e-mail: their customers' entries (audit_customer_idx, like the arm above).
    const ids = matches.customerIds ?? [];
    if (ids.length) {
      arms.push(`e.customer_id IN (${ids.map(() => '?').join(',')})`);
      qp.push(...ids);
    }
    parts.push(`(${arms.join(' OR ')})`);
    params.push(...qp);
  }
  let empty = false;
  if (f.time_gte) {
    if (bounds.gte == null) empty = true;
    else {
      parts.push('e.seq >= ?');
      params.push(bounds.gte);
    }
  }
  if (f.time_lte) {
    if (bounds.lte == null) empty = true;
    else {
      parts.push('e.seq <= ?');
      params.push(bounds.lte);
    }
  }
  const filtered = parts.length > 0;
  return { sql: filtered ? `WHERE ${parts.join(' AND ')}` : '', params, empty, filtered };
}

/** Rows as stored (snake_case), the shape every reader of this module starts from. */
export type StoredRow = {
  seq: number;
  time: string;
  request_id: string;
  actor_type: string;
  actor_id: string | null;
  actor_email: string | null;
  actor_role: string | null;
  ip: string | null;
  user_agent: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  customer_id: string | null;
  request: string | null;
  before: string | null;
  after: string | null;
  outcome: string;
  error: string | null;
  upstream_ref: string | null;
  prev_hash: string;
  hash: string;
};

/**
 * Above this many matches the list reports the cap instead of an exact total: counting every
 * match of a broad filter over ten million rows costs seconds per page, while counting up to the
 * cap is one short index scan. The cap moves with the page asked for, so one can still page on.
 */
export const COUNT_WINDOW = 10_000;

export type Page = { rows: StoredRow[]; total: number; totalIsExact: boolean };

/** The page's statements: its rows, and a count of matches up to `cap` (COUNT_WINDOW past the page). */
export function pageSql(where: Where, order: 'ASC' | 'DESC') {
  return {
    rows: `SELECT e.* FROM audit_events e ${where.sql} ORDER BY e.seq ${order === 'ASC' ? 'ASC' : 'DESC'} LIMIT ? OFFSET ?`,
    count: `SELECT count(*) AS n FROM (SELECT 1 FROM audit_events e ${where.sql} LIMIT ?) AS matches`,
  };
}

/** An export's batch, after `after` up to the head it started from. */
export function exportSql(where: Where, limit?: number) {
  const and = where.sql ? `${where.sql} AND` : 'WHERE';
  return limit === undefined
    ? `SELECT e.* FROM audit_events e ${and} e.seq <= ? ORDER BY e.seq ASC`
    : `SELECT e.* FROM audit_events e ${and} e.seq > ? AND e.seq <= ? ORDER BY e.seq ASC LIMIT ${limit}`;
}

/** API shape: camelCase, `id` = seq for react-admin, JSON columns parsed. */
export function presentRow(r: StoredRow) {
  return {
    id: r.seq,
    seq: r.seq,
    time: r.time,
    requestId: r.request_id,
    actorType: r.actor_type,
    actorId: r.actor_id,
    actorEmail: r.actor_email,
    actorRole: r.actor_role,
    ip: r.ip,
    userAgent: r.user_agent,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    customerId: r.customer_id,
    request: parseJson(r.request),
    before: parseJson(r.before),
    after: parseJson(r.after),
    outcome: r.outcome,
    error: parseJson(r.error),
    upstreamRef: r.upstream_ref,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export type PresentedEntry = ReturnType<typeof presentRow>;

export function parseJson(s: string | null): unknown {
  if (s === null) return null;
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

import type Database from 'better-sqlite3';
import type { GigsTable } from './tables.ts';
import { invalid } from './errors.ts';

/** A filter condition on an indexed column; `clause` is written by route code, never by callers. */
export type Condition = { clause: string; value: string };

export type PageRequest = { limit: number; after?: string; before?: string };

export type Key = { seq: number; id: string };

export type Row = Key & { doc: string } & Record<string, unknown>;

export type Page<R extends Key = Row> = { rows: R[]; moreItemsAfter: string | null; moreItemsBefore: string | null };

/**
 * Cursor paging, newest first. `after=X` answers the rows older than X, `before=X` the rows newer
 * than X (still listed newest first). Each page is one index range of `limit + 1` rows plus, for
 * the other direction, one EXISTS probe: cost is independent of how deep the cursor is.
 */
export class Pager {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  private stmt(sql: string) {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  /** `extraColumns` (route code, e.g. `user_id AS userId`) are read along with each row. */
  page(table: GigsTable, conditions: Condition[], req: PageRequest, extraColumns?: string): Page {
    return this.select(table, conditions, req, extraColumns ? `seq, id, doc, ${extraColumns}` : 'seq, id, doc');
  }

  /** The page's rows with `columns` instead of their documents, for answers SQLite writes itself (list-json.ts). */
  pageOf<R>(table: GigsTable, conditions: Condition[], req: PageRequest, columns: string): Page<Key & R> {
    return this.select(table, conditions, req, `seq, id, ${columns}`);
  }

  private select<R extends Key>(table: GigsTable, conditions: Condition[], req: PageRequest, columns: string): Page<R> {
    const where = conditions.map((c) => c.clause);
    const values = conditions.map((c) => c.value);
    const whereSql = (extra?: string) => {
      const all = extra ? [...where, extra] : where;
      return all.length ? `WHERE ${all.join(' AND ')}` : '';
    };
    const exists = (extra: string, seq: number) => Boolean(this.stmt(`SELECT 1 FROM ${table} ${whereSql(extra)} LIMIT 1`).get(...values, seq));

    const cursorId = req.after ?? req.before;
    const cursorSeq = cursorId === undefined ? undefined : this.seqOf(table, cursorId, req.after !== undefined ? 'after' : 'before');

    if (req.before !== undefined) {
      const rows = this.stmt(`SELECT ${columns} FROM ${table} ${whereSql('seq > ?')} ORDER BY seq ASC LIMIT ?`).all(...values, cursorSeq, req.limit + 1) as R[];
      const hasMoreBefore = rows.length > req.limit;
      const items = rows.slice(0, req.limit).reverse();
      const last = items[items.length - 1];
      return {
        rows: items,
        moreItemsBefore: hasMoreBefore && items[0] ? items[0].id : null,
        moreItemsAfter: last && exists('seq < ?', last.seq) ? last.id : null,
      };
    }

    const rows = (
      cursorSeq === undefined
        ? this.stmt(`SELECT ${columns} FROM ${table} ${whereSql()} ORDER BY seq DESC LIMIT ?`).all(...values, req.limit + 1)
        : this.stmt(`SELECT ${columns} FROM ${table} ${whereSql('seq < ?')} ORDER BY seq DESC LIMIT ?`).all(...values, cursorSeq, req.limit + 1)
    ) as R[];
    const hasMoreAfter = rows.length > req.limit;
    const items = rows.slice(0, req.limit);
    const first = items[0];
    return {
      rows: items,
      moreItemsAfter: hasMoreAfter ? items[items.length - 1]!.id : null,
      moreItemsBefore: cursorSeq !== undefined && first && exists('seq > ?', first.seq) ? first.id : null,
    };
  }

  private seqOf(table: GigsTable, id: string, param: string): number {
    const row = this.stmt(`SELECT seq FROM ${table} WHERE id = ?`).get(id) as { seq: number } | undefined;
    if (!row) throw invalid(`Query parameter '${param}' must be the id of an object in this list; '${id}' is not.`, 'invalidCursor');
    return row.seq;
  }
}

import type Database from 'better-sqlite3';
import type { CentraFacts, GigsFacts } from '../types.ts';

/** One indexed_subscriptions row without its customer: system, id, plan, status, discount, item, created, canceled. */
export type SubscriptionRow = [
  system: 'gigs' | 'centra',
  id: string,
  planId: string | null,
  status: string,
  discount: number | null,
  item: string | null,
  createdAt: string | null,
  canceledAt: string | null,
];

/** The subscriptions one person's facts say they have (column meanings: db/schema.ts). */
export function subscriptionRows(gigs: GigsFacts | null, centra: CentraFacts | null): SubscriptionRow[] {
  const rows: SubscriptionRow[] = [];
  if (gigs) {
    for (const id in gigs.subs) {
      const s = gigs.subs[id]!;
      rows.push(['gigs', id, s.pl ?? null, s.s, null, s.v ?? null, s.c ?? null, s.x ?? null]);
    }
  }
  if (centra) {
    for (const contractId in centra.k) {
      const k = centra.k[contractId]!;
      for (const id in k.subs) {
        const d = k.sd?.[id];
        rows.push(['centra', id, d?.pl ?? null, k.subs[id]!, d ? d.d : null, d?.it ?? null, d?.c ?? null, null]);
      }
    }
  }
  return rows;
}

/**
 * indexed_subscriptions follows the customers row it belongs to: whenever a row is built, its
 * subscriptions are replaced by what its facts say now. The plans pages read this table and
 * plan_stats; only the builder writes them.
 */
export class SubscriptionsIndex {
  private readonly rowsOf;
  private readonly dropOf;
  private readonly insert;

  constructor(db: Database.Database) {
    this.rowsOf = db
      .prepare('SELECT system, id, plan_id, status, discount, item, created_at, canceled_at FROM indexed_subscriptions WHERE customer_seq = ?')
      .raw();
    this.dropOf = db.prepare('DELETE FROM indexed_subscriptions WHERE customer_seq = ?');
    // OR REPLACE: a subscription that moved to another person (e-mail changed upstream) follows them.
    this.insert = db.prepare(`INSERT OR REPLACE INTO indexed_subscriptions (system, id, customer_seq, plan_id, status, discount, item, created_at, canceled_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  }

  /**
   * Replaces one customer's rows; `fresh` (nothing indexed for this seq yet) skips the delete. Rows
   * that are already exactly these are left alone: most rebuilds (a new name, a new address from a
   * change feed) change no subscription, and rewriting them would touch five indexes per row.
   */
  write(seq: number, rows: SubscriptionRow[], fresh = false) {
    if (!fresh) {
      if (sameSubscriptionRows(this.rowsOf.all(seq) as SubscriptionRow[], rows)) return;
      this.dropOf.run(seq);
    }
    for (const [system, id, planId, status, discount, item, createdAt, canceledAt] of rows) {
      this.insert.run(system, id, seq, planId, status, discount, item, createdAt, canceledAt);
    }
  }
}

/** The same subscriptions, in any order: what is indexed against what a build gives (also PostgreSQL's writer). */
export function sameSubscriptionRows(indexed: SubscriptionRow[], rows: SubscriptionRow[]): boolean {
  if (indexed.length !== rows.length) return false;
  const key = (r: SubscriptionRow) => JSON.stringify(r);
  const want = new Set(rows.map(key));
  return want.size === rows.length && indexed.every((r) => want.has(key(r)));
}

import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connection.ts';
import { SubscriptionsIndex, type SubscriptionRow } from '../server/customers/index/subscriptions-index.ts';

/** indexed_subscriptions follows each person's facts, and is not rewritten when they did not change. */
const db = openDatabase(':memory:');
const index = new SubscriptionsIndex(db.$client);
const rowsOf = (seq: number) =>
  db.$client.prepare('SELECT rowid, id, plan_id AS plan, status FROM indexed_subscriptions WHERE customer_seq = ? ORDER BY id').all(seq);

const anna: SubscriptionRow[] = [
  ['gigs', 'sub_a1', 'pln_small', 'active', null, 'p1', '2026-01-01T00:00:00Z', null],
  ['centra', '7001', '12', 'active', 10, 'item-9', '2026-02-01', null],
];
const bo: SubscriptionRow[] = [['gigs', 'sub_b1', 'pln_large', 'pending', null, null, null, null]];

describe('indexed_subscriptions', () => {
  it('a rebuild that changes no subscription leaves the rows as they are (same rows, not rewritten)', () => {
    index.write(1, anna, true);
    index.write(2, bo, true);
    const before = rowsOf(1);
    // The same subscriptions, listed in another order (facts are objects: their order may differ).
    index.write(1, [anna[1]!, anna[0]!]);
    expect(rowsOf(1)).toEqual(before);
  });

  it('a changed subscription replaces the rows: a new plan, a new one, one gone', () => {
    index.write(1, [['gigs', 'sub_a1', 'pln_large', 'active', null, 'p1', '2026-01-01T00:00:00Z', null], ...bo.map((r) => r)]);
    expect(rowsOf(1).map((r) => ({ ...(r as object), rowid: undefined }))).toEqual([
      { rowid: undefined, id: 'sub_a1', plan: 'pln_large', status: 'active' },
      { rowid: undefined, id: 'sub_b1', plan: 'pln_large', status: 'pending' },
    ]);
    expect(rowsOf(2)).toEqual([]);
    index.write(1, []);
    expect(rowsOf(1)).toEqual([]);
  });
});

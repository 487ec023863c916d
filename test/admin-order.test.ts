import { describe, expect, it } from 'vitest';
import { finishedLast } from '../admin/customers/format.ts';

/** The customer page's tabs list what the customer has now before what is over (admin/customers). */
describe('finishedLast', () => {
  it('moves what is over after what is live and keeps the upstream order within each', () => {
    const subs = [
      { id: 'a', status: 'ended' },
      { id: 'b', status: 'active' },
      { id: 'c', status: 'ended' },
      { id: 'd', status: 'pending' },
    ];
    expect(finishedLast(subs, (s) => s.status === 'ended').map((s) => s.id)).toEqual(['b', 'd', 'a', 'c']);
    expect(subs.map((s) => s.id)).toEqual(['a', 'b', 'c', 'd']); // the upstream's list is left as it was
  });
  it('orders Centra contracts by whether anything on them is still live', () => {
    const contracts = [
      { id: 1, subscriptions: [{ status: 'cancelled' }] },
      { id: 2, subscriptions: [{ status: 'cancelled' }, { status: 'paused' }] },
      { id: 3, subscriptions: [] },
      { id: 4, subscriptions: [{ status: 'active' }] },
    ];
    const over = (k: (typeof contracts)[number]) => k.subscriptions.every((s) => s.status === 'cancelled');
    expect(finishedLast(contracts, over).map((k) => k.id)).toEqual([2, 4, 1, 3]);
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AuditInput } from '../../../server/audit/log.ts';
import { timelinePage } from '../../../server/timeline/query.ts';
import { createTimelineStore, type TimelineStore } from '../../../server/timeline/store/index.ts';
import type { EngineMaker } from '../engines.ts';

const staff = { type: 'staff', id: '7', email: 'agent@example.com', role: 'support' } as const;
const entry = (requestId: string, action: string, outcome: AuditInput['outcome'], customerId: string | null): AuditInput => ({
  requestId,
  actor: staff,
  action,
  outcome,
  customerId,
  target: customerId ? { type: 'customer', id: customerId } : null,
  request: action === 'customer.view' ? undefined : { reason: `because ${requestId}` },
});

/**
 * What the timeline's store must answer on any engine (server/timeline/store/types.ts): one
 * customer's entries, newest first, and chosen entries whole; and the timeline built on them.
 */
export function timelineContract(make: EngineMaker) {
  let close: () => Promise<void>;
  let store: TimelineStore;

  beforeAll(async () => {
    const made = await make();
    close = made.close;
    const inputs = [
      entry('r1', 'customer.view', 'succeeded', 'cus_a'),
      entry('r2', 'centra.subscription.status', 'requested', 'cus_a'),
      entry('r2', 'centra.subscription.status', 'succeeded', 'cus_a'),
      entry('r3', 'customer.view', 'succeeded', 'cus_b'),
      entry('r4', 'staff.login', 'succeeded', null),
      entry('r5', 'customer.note.create', 'succeeded', 'cus_a'),
      entry('r6', 'customer.view', 'succeeded', 'cus_a'),
    ];
    for (const input of inputs) await made.engine.audit.append(input);
    store = createTimelineStore(made.engine);
  });
  afterAll(() => close?.());

  it("gives one customer's entries newest first, with the columns grouping needs, and none of another's", async () => {
    const light = await store.lightEntries('cus_a');
    expect(light.map((e) => [e.requestId, e.action, e.outcome])).toEqual([
      ['r6', 'customer.view', 'succeeded'],
      ['r5', 'customer.note.create', 'succeeded'],
      ['r2', 'centra.subscription.status', 'succeeded'],
      ['r2', 'centra.subscription.status', 'requested'],
      ['r1', 'customer.view', 'succeeded'],
    ]);
    expect(light[0]).toMatchObject({ actorType: 'staff', actorEmail: 'agent@example.com', actorRole: 'support' });
    expect(light.map((e) => e.seq)).toEqual([...light.map((e) => e.seq)].sort((a, b) => b - a));
    expect(typeof light[0]!.seq).toBe('number');
    expect(await store.lightEntries('cus_nobody')).toEqual([]);
  });

  it('gives chosen entries whole, and nothing for none', async () => {
    const [, note] = await store.lightEntries('cus_a');
    const [row] = await store.entries([note!.seq]);
    expect(row).toMatchObject({ seq: note!.seq, request_id: 'r5', action: 'customer.note.create', customer_id: 'cus_a', target_type: 'customer' });
    expect(JSON.parse(row!.request!)).toEqual({ reason: 'because r5' });
    expect(await store.entries([])).toEqual([]);
  });

  it('makes the timeline: an action and its outcome one line, views folded, paged', async () => {
    const page = await timelinePage(store, 'cus_a', { field: 'time', order: 'DESC' }, 0, 10);
    expect(page.total).toBe(4);
    expect(page.rows.map((l) => [l.kind, l.action])).toEqual([
      ['views', 'customer.view'],
      ['action', 'customer.note.create'],
      ['action', 'centra.subscription.status'],
      ['views', 'customer.view'],
    ]);
    const second = await timelinePage(store, 'cus_a', { field: 'time', order: 'DESC' }, 2, 1);
    expect(second.rows).toHaveLength(1);
    expect(second.rows[0]).toMatchObject({ action: 'centra.subscription.status', outcome: 'succeeded' });
  });
}

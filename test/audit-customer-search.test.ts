import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loginAs, req, startAuthTestApp, type AuthTestApp } from './helpers/auth.ts';
import { seedIndex } from './helpers/customers-fixture.ts';
import { AUDIT_WINDOW_MS } from '../server/audit/windows.ts';
import { SEARCH_BULK_PAGES_PER_WINDOW, SEARCH_BULK_RANGE_START, SEARCH_BULK_ROWS_PER_WINDOW } from '../server/audit/customer-search.ts';
import { sqliteOf } from './helpers/engines.ts';

/**
 * Every list and search read of customers is in the audit log: one `customer.search` entry per
 * member and minute (what was asked, the ranges, how many rows; not the rows), and unusual
 * volume as `customer.search.bulk`.
 */
let t: AuthTestApp;
let support: string;
beforeEach(async () => {
  t = startAuthTestApp();
  // The index alone: a list read never calls an upstream.
  await seedIndex(t.deps.customers.writer, 1200);
  support = await loginAs(t, 'support');
});
afterEach(() => t?.close());

type Entry = { action: string; actor_email: string; actor_role: string; request: string; after: string; ip: string | null };
const entries = () =>
  sqliteOf(t.deps)
    .$client.prepare("SELECT action, actor_email, actor_role, request, after, ip FROM audit_events WHERE action LIKE 'customer.search%' ORDER BY seq")
    .all() as Entry[];

async function list(filter: Record<string, unknown>, range: [number, number] = [0, 24], cookie = support) {
  const qs = new URLSearchParams({ filter: JSON.stringify(filter), range: JSON.stringify(range), sort: JSON.stringify(['name', 'ASC']) });
  const res = await t.app.request(`/api/customers?${qs}`, ...req('GET', { cookie, ip: '198.51.100.20' }));
  expect(res.status).toBe(200);
  return (await res.json()) as unknown[];
}

describe('customer.search', () => {
  it('records typing in the box as one entry: each query in order, its range and rows, never the rows', async () => {
    const answered: number[] = [];
    for (const q of ['z', 'zo', 'zoe', 'zoe ang']) answered.push((await list({ q })).length);
    answered.push((await list({ q: 'zoe ang', hasActive: true })).length);
    expect(entries()).toEqual([]);

    t.advance(AUDIT_WINDOW_MS);
    await t.deps.auditWindows.flushDue();
    const [entry, ...more] = entries();
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ action: 'customer.search', actor_role: 'support', ip: '198.51.100.20' });
    const request = JSON.parse(entry!.request);
    expect(request.searches.map((s: { filter: unknown }) => s.filter)).toEqual([
      { q: 'z' },
      { q: 'zo' },
      { q: 'zoe' },
      { q: 'zoe ang' },
      { q: 'zoe ang', hasActive: true },
    ]);
    expect(request.searches[0]).toMatchObject({ sort: 'name ASC', ranges: [[0, answered[0]! - 1]], rows: answered[0] });
    const after = JSON.parse(entry!.after);
    expect(after).toMatchObject({ requests: 5, firstRow: 0, rows: answered.reduce((a, b) => a + b, 0) });
    expect(after.unusual).toBeUndefined();
    // Names and e-mails of the rows answered are nowhere in the entry.
    const rows = (await list({ q: 'zoe ang' })) as { name: string; email: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(entry!.request + entry!.after).not.toContain(rows[0]!.email);
  });

  it('records plain list reads and by-id reads too, each member apart', async () => {
    const admin = await loginAs(t, 'admin');
    const page = (await list({}, [0, 49])) as { id: string }[];
    await list({ id: page.map((r) => r.id) }, [0, 49], admin);
    await t.deps.auditWindows.close();
    const [bySupport, byAdmin] = entries();
    expect(bySupport).toMatchObject({ action: 'customer.search', actor_role: 'support' });
    expect(JSON.parse(bySupport!.after)).toMatchObject({ requests: 1, rows: 50, firstRow: 0, lastRow: 49 });
    expect(byAdmin).toMatchObject({ action: 'customer.search', actor_role: 'admin' });
    const filter = JSON.parse(byAdmin!.request).searches[0].filter;
    expect(filter.idCount).toBe(50);
    expect(filter.id).toHaveLength(20);
  });

  it(`flags a page from row ${SEARCH_BULK_RANGE_START} on as customer.search.bulk`, async () => {
    await list({}, [SEARCH_BULK_RANGE_START, SEARCH_BULK_RANGE_START + 24]);
    await t.deps.auditWindows.close();
    const [entry] = entries();
    expect(entry!.action).toBe('customer.search.bulk');
    expect(JSON.parse(entry!.after).unusual).toEqual([`a page from row ${SEARCH_BULK_RANGE_START} or later`]);
  });

  it(`flags more than ${SEARCH_BULK_PAGES_PER_WINDOW} pages in a minute`, async () => {
    for (let i = 0; i <= SEARCH_BULK_PAGES_PER_WINDOW; i++) await list({ q: `a${i}` }, [0, 4]);
    await t.deps.auditWindows.close();
    const [entry, ...more] = entries();
    expect(more).toEqual([]);
    expect(entry!.action).toBe('customer.search.bulk');
    const request = JSON.parse(entry!.request);
    expect(request.searches).toHaveLength(20);
    expect(request.moreSearches).toBe(SEARCH_BULK_PAGES_PER_WINDOW + 1 - 20);
    expect(JSON.parse(entry!.after).unusual).toEqual([`more than ${SEARCH_BULK_PAGES_PER_WINDOW} pages in a minute`]);
  });

  it(`flags more than ${SEARCH_BULK_ROWS_PER_WINDOW} rows in a minute`, async () => {
    for (let start = 0; start <= SEARCH_BULK_ROWS_PER_WINDOW; start += 500)
      await list({}, [start % SEARCH_BULK_RANGE_START, (start % SEARCH_BULK_RANGE_START) + 499]);
    await t.deps.auditWindows.close();
    const [entry] = entries();
    expect(entry!.action).toBe('customer.search.bulk');
    expect(JSON.parse(entry!.after).unusual).toEqual([`more than ${SEARCH_BULK_ROWS_PER_WINDOW} rows in a minute`]);
  });

  it('starts a new entry after the window, so a long session is one entry a minute', async () => {
    await list({ q: 'an' });
    t.advance(AUDIT_WINDOW_MS);
    await list({ q: 'bo' });
    await t.deps.auditWindows.close();
    expect(entries().map((e) => JSON.parse(e.request).searches[0].filter.q)).toEqual(['an', 'bo']);
  });
});

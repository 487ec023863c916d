import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { parseCsv } from './helpers/csv.ts';
import { loginAs, req } from './helpers/auth.ts';
import { mondayOf } from '../server/plans/weekly.ts';
import { apiRoutesOf, concretePath } from './helpers/route-table.ts';
import { openSandboxTables, sandboxPersonalData, sandboxTruth, type Truth } from './plans-helpers.ts';
import { rowOf } from './helpers/engines.ts';

let server: TestServer;
let merch: string;
let truth: Truth;

const get = (path: string, cookie = merch) => server.app.request(path, { headers: { cookie } });
const enc = (v: unknown) => encodeURIComponent(JSON.stringify(v));
const list = (name: string, q: { filter?: object; sort?: [string, string]; range?: [number, number] } = {}) =>
  `/api/plans/${name}?${[q.filter && `filter=${enc(q.filter)}`, q.sort && `sort=${enc(q.sort)}`, `range=${enc(q.range ?? [0, 99])}`].filter(Boolean).join('&')}`;
async function rows<T = Record<string, any>>(path: string, cookie = merch): Promise<T[]> {
  const res = await get(path, cookie);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as T[];
}

beforeAll(async () => {
  server = await startTestServer();
  merch = await loginAs(server, 'merchandiser');
  // The first crawl started with the server (it fills the index and recomputes plan_stats): wait for it.
  await server.deps.customers.crawler.run('full');
  truth = sandboxTruth(server);
}, 60_000);
afterAll(async () => {
  await server?.close();
});

describe('who may see the plans', () => {
  const paths = [
    '/api/plans/gigs',
    '/api/plans/gigs-addons',
    '/api/plans/centra',
    '/api/plans/centra-products',
    '/api/plans/charts/status',
    '/api/plans/charts/weekly',
    '/api/plans/freshness',
    '/api/plans/export?list=gigs',
  ];
  it('merchandisers, support and admins read every page; auditors and strangers do not', async () => {
    const [support, admin, auditor] = [await loginAs(server, 'support'), await loginAs(server, 'admin'), await loginAs(server, 'auditor')];
    for (const p of paths) {
      expect((await get(p, merch)).status, p).toBe(200);
      expect((await get(p, support)).status, p).toBe(200);
      expect((await get(p, admin)).status, p).toBe(200);
      expect((await get(p, auditor)).status, p).toBe(403);
      expect((await server.app.request(p)).status, p).toBe(401);
    }
  });

  it('a merchandiser still cannot reach customers, Connect links or the audit log', async () => {
    for (const p of ['/api/customers', '/api/connect-sessions', '/api/audit-events', '/api/gigs-subscriptions']) expect((await get(p)).status, p).toBe(403);
  });
});

describe('Gigs plans', () => {
  it("lists every plan of the catalogue with pending/active/ended counts equal to the sandbox's own", async () => {
    const plans = await server.deps.gigs.listPlans();
    const got = await rows(list('gigs'));
    expect(
      got
        .filter((r) => r.inCatalogue)
        .map((r) => r.id)
        .sort(),
    ).toEqual(plans.map((p) => p.id).sort());
    let sum = 0;
    for (const r of got) {
      const t = truth.gigs.get(r.id) ?? { pending: 0, active: 0, ended: 0, total: 0 };
      expect({
        id: r.id,
        pending: r.subscriptions.pending,
        active: r.subscriptions.active,
        ended: r.subscriptions.ended,
        total: r.subscriptions.total,
      }).toEqual({ id: r.id, ...t });
      sum += r.subscriptions.total;
    }
    expect(sum).toBe([...truth.gigs.values()].reduce((s, c) => s + c.total, 0));
    expect(sum).toBeGreaterThan(0);
  });

  it('shows allowances in human units, the price from minor units, validity, provider, coverage and compatible add-ons', async () => {
    const got = await rows(list('gigs', { filter: { q: 'essentials' } }));
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({
      name: 'Essentials 5GB',
      status: 'available',
      provider: 'p5',
      priceText: 'US$15.00',
      price: { amount: 1500, currency: 'USD' },
      allowancesText: { data: '5 GB', voice: '500 min', sms: '100 SMS', summary: '5 GB · 500 min · 100 SMS' },
      validityText: 'renews every month',
      coverage: { name: 'United States', countries: ['US'] },
    });
    expect(got[0]!.addons.map((a: { name: string }) => a.name).sort()).toEqual(['1GB Data Top-up', 'International Calling']);
    const unlimited = (await rows(list('gigs', { filter: { q: 'unlimited' } }))).find((r) => r.name === 'Unlimited')!;
    expect(unlimited.allowancesText).toMatchObject({ data: 'Unlimited', voice: 'Unlimited', sms: 'Unlimited', summary: 'Unlimited' });
    const pass = (await rows(list('gigs', { filter: { q: 'holiday' } })))[0]!;
    expect(pass).toMatchObject({ validityText: 'one-time, 30 days', priceText: '€9.00', allowancesText: { data: '3 GB', voice: 'None' } });
  });

  it('filters by status, provider, country and use; sorts by any column; pages with Content-Range', async () => {
    expect((await rows(list('gigs', { filter: { status: 'archived' } }))).map((r) => r.name)).toEqual(['Legacy 2GB']);
    expect((await rows(list('gigs', { filter: { provider: 'p7' } }))).every((r) => r.provider === 'p7')).toBe(true);
    expect((await rows(list('gigs', { filter: { country: 'de' } }))).every((r) => r.coverage.countries.includes('DE'))).toBe(true);
    const byActive = await rows(list('gigs', { sort: ['active', 'DESC'] }));
    expect(byActive.map((r) => r.subscriptions.active)).toEqual(byActive.map((r) => r.subscriptions.active).sort((a, b) => b - a));
    const byPrice = (await rows(list('gigs', { sort: ['price', 'ASC'], filter: { currency: 'EUR' } }))).map((r) => r.price.amount);
    expect(byPrice).toEqual([...byPrice].sort((a, b) => a - b));
    const res = await get(list('gigs', { range: [1, 2], sort: ['name', 'ASC'] }));
    expect(res.headers.get('content-range')).toMatch(/^plans\/gigs 1-2\/\d+$/);
    expect(await res.json()).toHaveLength(2);
    expect((await get(list('gigs', { filter: { nope: 1 } }))).status).toBe(400);
    expect((await get(list('gigs', { sort: ['email', 'ASC'] }))).status).toBe(400);
  });

  it('opens one plan by id (the deep link) and 404s an unknown one', async () => {
    const [first] = await rows(list('gigs', { sort: ['name', 'ASC'] }));
    const res = await get(`/api/plans/gigs/${first!.id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: first!.id, name: first!.name, subscriptions: first!.subscriptions });
    expect((await get('/api/plans/gigs/pln_doesNotExist')).status).toBe(404);
    expect((await get('/api/plans/gigs/..%2Fetc')).status).toBe(404);
  });
});

describe('Gigs add-ons', () => {
  it('shows type, price, allowances, validity and which plans, filterable by plan and type', async () => {
    const addons = await server.deps.gigs.listAddons();
    const got = await rows(list('gigs-addons'));
    expect(got.map((r) => r.id).sort()).toEqual(addons.map((a) => a.id).sort());
    const topUp = got.find((r) => r.name === '1GB Data Top-up')!;
    expect(topUp).toMatchObject({
      type: 'topUp',
      priceText: 'US$9.99',
      allowancesText: { data: '1 GB' },
      validityText: '7 days',
      plans: [{ name: 'Essentials 5GB' }],
    });
    const essentials = topUp.plans[0].id;
    expect((await rows(list('gigs-addons', { filter: { planId: essentials } }))).every((r) => r.plans.some((p: { id: string }) => p.id === essentials))).toBe(
      true,
    );
    expect((await rows(list('gigs-addons', { filter: { type: 'topUp' } }))).every((r) => r.type === 'topUp')).toBe(true);
  });
});

describe('Centra plans and products', () => {
  it('counts active, paused and cancelled per plan and the average discount, as the sandbox does', async () => {
    const got = await rows(list('centra'));
    expect(got.length).toBeGreaterThan(0);
    for (const [planId, t] of truth.centra) {
      const r = got.find((x) => x.id === planId);
      expect(r, `plan ${planId} in ${JSON.stringify(got.map((x) => x.id))}`).toBeDefined();
      expect({
        active: r!.subscriptions.active,
        paused: r!.subscriptions.paused,
        cancelled: r!.subscriptions.cancelled,
        total: r!.subscriptions.total,
      }).toEqual({ active: t.active, paused: t.paused, cancelled: t.cancelled, total: t.total });
      expect(r!.subscriptions.averageDiscount).toBeCloseTo(t.averageDiscount, 1);
    }
    const gone = got.find((r) => r.id === 'none');
    expect(gone?.subscriptions ?? { total: 0 }).toMatchObject(truth.centraNoPlan.total ? { ...truth.centraNoPlan, averageDiscount: null } : { total: 0 });
    expect(got.reduce((s, r) => s + r.subscriptions.total, 0)).toBe([...truth.centra.values()].reduce((s, c) => s + c.total, 0) + truth.centraNoPlan.total);
    const monthly = got.find((r) => r.name === '1 month subscription')!;
    expect(monthly).toMatchObject({ intervalText: 'every month', discountPercent: 10, inCatalogue: true });
    expect(got.find((r) => r.name === '2 weeks subscription')!.intervalText).toBe('every 2 weeks');
  });

  it('builds the product × plan matrix with interval and discount in each cell and flags products in no plan', async () => {
    const products = await server.deps.centra.listProducts();
    const got = await rows(list('centra-products'));
    expect(got.map((r) => r.id).sort()).toEqual(products.map((p) => p.product).sort());
    const beans = got.find((r) => r.name === 'Espresso Beans')!;
    expect(beans.inNoPlan).toBe(false);
    expect(beans.plans.find((c: { name: string }) => c.name === '2 weeks subscription')).toMatchObject({ intervalText: 'every 2 weeks', discountPercent: 10 });
    const orphans = await rows(list('centra-products', { filter: { inNoPlan: true } }));
    expect(orphans.map((r) => r.name)).toEqual(products.filter((p) => p.subscriptionPlans.length === 0).map((p) => p.name));
    expect(orphans.map((r) => r.name)).toContain('Organic Dog Food');
    const sorted = (await rows(list('centra-products', { sort: ['plans', 'DESC'] }))).map((r) => r.plans.length);
    expect(sorted).toEqual([...sorted].sort((a, b) => b - a));
    const onePlan = beans.plans[0].planId;
    expect(
      (await rows(list('centra-products', { filter: { planId: onePlan } }))).every((r) => r.plans.some((c: { planId: string }) => c.planId === onePlan)),
    ).toBe(true);
  });

  it('opens one Centra plan by id with the products that carry it', async () => {
    const res = await get('/api/plans/centra/1');
    expect(res.status).toBe(200);
    const plan = (await res.json()) as { name: string; products: { name: string }[]; countsAsOf: string };
    expect(plan.name).toBe('1 month subscription');
    expect(plan.products.map((p) => p.name)).toContain('Espresso Beans');
    expect(plan.countsAsOf).toBeTruthy();
  });
});

describe('charts', () => {
  it("subscriptions per plan by status add up to the lists' counts", async () => {
    const chart = (await (await get('/api/plans/charts/status')).json()) as {
      countsAsOf: string;
      gigs: { planId: string; total: number; active: number }[];
      centra: { planId: string; total: number }[];
    };
    expect(chart.countsAsOf).toBeTruthy();
    for (const bar of chart.gigs) expect(bar.total).toBe(truth.gigs.get(bar.planId)!.total);
    for (const bar of chart.centra) expect(bar.total).toBe(bar.planId === 'none' ? truth.centraNoPlan.total : truth.centra.get(bar.planId)!.total);
    expect(chart.gigs.reduce((s, b) => s + b.total, 0)).toBe([...truth.gigs.values()].reduce((s, c) => s + c.total, 0));
  });

  it('counts new subscriptions per week for 13 weeks, and a Centra cancellation made in subdesk shows in this week', async () => {
    const before = (await (await get('/api/plans/charts/weekly')).json()) as {
      weeks: { weekStart: string; newGigs: number; newCentra: number; cancelledCentra: number; partial: boolean }[];
    };
    expect(before.weeks).toHaveLength(13);
    expect(before.weeks.at(-1)!.partial).toBe(true);
    const from = new Date(mondayOf(Date.now()) - 12 * 7 * 86_400_000).toISOString().slice(0, 10);
    const sb = openSandboxTables(server);
    const centraNew = (sb.prepare('SELECT count(*) AS n FROM centra_subscriptions WHERE created_at >= ?').get(from) as { n: number }).n;
    const gigsNew = (sb.prepare(`SELECT count(*) AS n FROM gigs_subscriptions WHERE json_extract(doc, '$.createdAt') >= ?`).get(from) as { n: number }).n;
    const active = sb.prepare(`SELECT id FROM centra_subscriptions WHERE status = 'active' LIMIT 1`).get() as { id: number };
    sb.close();
    expect(before.weeks.reduce((s, w) => s + w.newCentra, 0)).toBe(centraNew);
    expect(before.weeks.reduce((s, w) => s + w.newGigs, 0)).toBe(gigsNew);

    const support = await loginAs(server, 'support');
    const res = await server.app.request(
      `/api/centra-subscriptions/${active.id}/status`,
      ...req('POST', { cookie: support, body: { status: 'cancelled', reason: { code: 'price' } } }),
    );
    expect(res.status, await res.clone().text()).toBe(200);
    // The series is kept until plan_stats is recomputed (a crawl finished): do what the crawl does.
    await new Promise((r) => setTimeout(r, 5));
    await server.deps.customers.crawler.ledger.recountPlanStats();
    const after = (await (await get('/api/plans/charts/weekly')).json()) as typeof before;
    expect(after.weeks.at(-1)!.cancelledCentra).toBe(before.weeks.at(-1)!.cancelledCentra + 1);
    truth = sandboxTruth(server);
  });
});

describe('CSV export', () => {
  it("exports a list with its filter and sort, with the page's column titles, and logs the export", async () => {
    const filter = { provider: 'p7' };
    const res = await get(`/api/plans/export?list=gigs&filter=${enc(filter)}&sort=${enc(['price', 'ASC'])}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="subdesk-gigs-plans-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    // A UTF-8 byte order mark, so a spreadsheet reads the euro sign right.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = parseCsv(new TextDecoder().decode(bytes));
    expect(lines[0]!.join(',')).toBe(
      'Plan id,Name,Status,Provider,Price,Price (minor units),Currency,Data,Voice,SMS,Validity,Coverage,Countries,Pending subscriptions,Active subscriptions,Ended subscriptions,All subscriptions,Add-ons',
    );
    const expected = await rows(list('gigs', { filter, sort: ['price', 'ASC'] }));
    expect(lines.slice(1).map((l) => l[0])).toEqual(expected.map((r) => r.id));
    expect(lines.find((l) => l.includes('Holiday Pass 3GB'))).toContain('€9.00');
    const entry = await rowOf(server.deps, `SELECT * FROM audit_events WHERE action = 'plans.export' ORDER BY seq DESC LIMIT 1`);
    expect(entry).toMatchObject({ target_id: 'gigs', outcome: 'succeeded' });
  });

  it('exports every list: add-ons, Centra plans with counts, and the matrix with one column per plan', async () => {
    for (const name of ['gigs-addons', 'centra', 'centra-products']) {
      const lines = parseCsv(await (await get(`/api/plans/export?list=${name}`)).text());
      const total = Number((await get(list(name))).headers.get('content-range')!.split('/').pop());
      expect(lines.length - 1, name).toBe(total);
    }
    const matrix = parseCsv(await (await get('/api/plans/export?list=centra-products')).text());
    expect(matrix[0]!.join(',')).toMatch(/^Product id,Product,Items,In no plan,1 month subscription \(plan 1\),/);
    expect(matrix.find((l) => l.includes('Organic Dog Food'))!.join(',')).toMatch(/,yes,*$/);
    expect(matrix.find((l) => l[0] === '1' && l[1] === 'Espresso Beans')).toContain('every month, 10% off');
    const centra = parseCsv(await (await get('/api/plans/export?list=centra')).text());
    expect(centra[0]!.join(',')).toBe(
      'Plan id,Name,Interval,Discount,Products,Active subscriptions,Paused subscriptions,Cancelled subscriptions,All subscriptions,Average discount,In the catalogue',
    );
  });

  it('refuses an unknown list or format', async () => {
    expect((await get('/api/plans/export?list=customers')).status).toBe(400);
    expect((await get('/api/plans/export?list=gigs&format=xlsx')).status).toBe(400);
    expect((await get(`/api/plans/export?list=gigs&filter=${enc({ email: 'x' })}`)).status).toBe(400);
  });
});

describe('freshness and cost of a page view', () => {
  it('says how fresh the counts are (plan_stats computed_at) and how long the catalogue is cached', async () => {
    const computedAt = (await rowOf<{ t: string }>(server.deps, 'SELECT max(computed_at) AS t FROM plan_stats')).t;
    const res = await get(list('gigs'));
    expect(res.headers.get('x-counts-as-of')).toBe(computedAt);
    expect(res.headers.get('x-catalogue-as-of')).toBeTruthy();
    expect(await (await get('/api/plans/freshness')).json()).toEqual({ countsAsOf: computedAt, catalogueCacheSeconds: 60 });
  });

  it('serves repeated views from the cached catalogue: one upstream read per minute, not per view', async () => {
    server.deps.plans.catalogue.clear();
    const plans = vi.spyOn(server.deps.gigs, 'listPlans');
    const products = vi.spyOn(server.deps.centra, 'listProducts');
    try {
      await Promise.all([get(list('gigs')), get(list('gigs')), get(list('gigs-addons')), get('/api/plans/charts/status')]);
      await get(list('centra'));
      await get(list('centra-products'));
      expect(plans).toHaveBeenCalledTimes(1);
      expect(products).toHaveBeenCalledTimes(1);
    } finally {
      plans.mockRestore();
      products.mockRestore();
    }
  });
});

describe('no personal data', () => {
  it('no plans response names, e-mails or identifies a customer', async () => {
    const personal = await sandboxPersonalData(server);
    expect(personal.length).toBeGreaterThan(300);
    const routes = apiRoutesOf(server.app).filter((r) => r.method === 'GET' && r.path.startsWith('/api/plans'));
    const oneOf: Record<string, RegExp> = { gigs: /^pln_/, 'gigs-addons': /^add_/, centra: /^\d+$/, 'centra-products': /^\d+$/ };
    const paths: string[] = [];
    for (const r of routes) {
      if (!r.path.includes(':')) {
        paths.push(r.path === '/api/plans/export' ? '' : r.path);
        continue;
      }
      const name = r.path.split('/')[3]!;
      const first = (await rows(list(name, { sort: ['name', 'ASC'] })))[0]!;
      expect(String(first.id)).toMatch(oneOf[name]!);
      paths.push(concretePath(r.path, () => String(first.id)));
    }
    for (const name of Object.keys(oneOf)) paths.push(`/api/plans/export?list=${name}`, list(name, { range: [0, 499] }));
    expect(paths.length).toBeGreaterThanOrEqual(15);
    for (const p of paths.filter(Boolean)) {
      const res = await get(p);
      expect(res.status, p).toBe(200);
      const body = (await res.text()).toLowerCase();
      const leaked = personal.filter((s) => body.includes(s));
      expect(leaked, p).toEqual([]);
    }
  });
});

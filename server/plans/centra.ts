import { z } from 'zod';
import type { CentraProduct } from '../upstream/centra.ts';
import { emptyCentraCounts, type CentraCounts } from './counts.ts';
import { formatInterval, formatPercent } from '../vocabulary/index.ts';
import { asList, matchesText, type CsvColumn, type PlansList } from './list.ts';

/**
 * Centra's catalogue seen two ways: its subscription plans (one row each, with how many
 * subscriptions use it) and its products × plans matrix (one row per product, a cell per plan
 * holding the interval and discount it is sold at). Centra attaches plans to products, so a plan's
 * interval and discount are read from the products that carry it.
 */
export type CentraPlanCell = { planId: string; name: string; intervalType: string; intervalValue: number; intervalText: string; discountPercent: number };

export type CentraPlanRow = {
  id: string;
  name: string;
  intervalType: string;
  intervalValue: number | null;
  intervalText: string;
  /** The catalogue's discount; when products disagree, the most common one and `discountVaries`. */
  discountPercent: number | null;
  discountVaries: boolean;
  products: { id: string; name: string }[];
  subscriptions: CentraCounts;
  /** False for a plan id subscriptions still carry that no product offers any more. */
  inCatalogue: boolean;
};

export type CentraProductRow = {
  id: string;
  name: string;
  items: { item: string; sizeName: string }[];
  plans: CentraPlanCell[];
  /** Sold in no subscription plan: its items cannot be subscribed to (or change interval). */
  inNoPlan: boolean;
};

export function centraProductRow(p: CentraProduct): CentraProductRow {
  const plans = p.subscriptionPlans.map((pl) => ({
    planId: pl.id,
    name: pl.name,
    intervalType: pl.intervalType,
    intervalValue: pl.intervalValue,
    intervalText: formatInterval({ type: pl.intervalType, value: pl.intervalValue }),
    discountPercent: pl.discountPercent,
  }));
  return { id: p.product, name: p.name, items: p.items.map((i) => ({ item: i.item, sizeName: i.sizeName })), plans, inNoPlan: plans.length === 0 };
}

const byNumericId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id, 'en', { numeric: true });

/** The row id of "subscriptions whose plan is gone" (Centra plan ids are numeric, so it cannot clash). */
export const NO_PLAN_ID = 'none';

export function centraPlanRows(products: CentraProduct[], counts: Map<string, CentraCounts>, noPlan?: CentraCounts): CentraPlanRow[] {
  const plans = new Map<string, { cells: CentraPlanCell[]; products: { id: string; name: string }[] }>();
  for (const p of products.map(centraProductRow)) {
    for (const cell of p.plans) {
      const e = plans.get(cell.planId) ?? { cells: [], products: [] };
      e.cells.push(cell);
      e.products.push({ id: p.id, name: p.name });
      plans.set(cell.planId, e);
    }
  }
  const rows: CentraPlanRow[] = [];
  for (const [id, e] of plans) {
    const first = e.cells[0]!;
    const discounts = new Map<number, number>();
    for (const c of e.cells) discounts.set(c.discountPercent, (discounts.get(c.discountPercent) ?? 0) + 1);
    const common = [...discounts].sort((a, b) => b[1] - a[1])[0]![0];
    rows.push({
      id,
      name: first.name,
      intervalType: first.intervalType,
      intervalValue: first.intervalValue,
      intervalText: first.intervalText,
      discountPercent: common,
      discountVaries: discounts.size > 1,
      products: e.products.sort(byNumericId),
      subscriptions: counts.get(id) ?? emptyCentraCounts(),
      inCatalogue: true,
    });
  }
  for (const [id, c] of counts) {
    if (plans.has(id)) continue;
    rows.push({
      id,
      name: `Plan ${id} (no product offers it now)`,
      intervalType: '',
      intervalValue: null,
      intervalText: '',
      discountPercent: null,
      discountVaries: false,
      products: [],
      subscriptions: c,
      inCatalogue: false,
    });
  }
  rows.sort(byNumericId);
  // Still shipping on a plan Centra no longer has: a merchandiser wants to see those, last.
  if (noPlan && noPlan.total > 0) {
    rows.push({
      id: NO_PLAN_ID,
      name: 'No plan (gone from Centra)',
      intervalType: '',
      intervalValue: null,
      intervalText: '',
      discountPercent: null,
      discountVaries: false,
      products: [],
      subscriptions: noPlan,
      inCatalogue: false,
    });
  }
  return rows;
}

const oneOrMany = (max: number) => z.union([z.string().max(max), z.array(z.string().max(max)).max(500)]);

// ---- the plans list

const planFilter = z.strictObject({
  q: z.string().max(200).optional(),
  intervalType: oneOrMany(20).optional(),
  /** Plans offered with this product. */
  productId: z.string().max(32).optional(),
  inCatalogue: z.boolean().optional(),
  inUse: z.boolean().optional(),
  id: oneOrMany(32).optional(),
});
const planSortable = ['id', 'name', 'interval', 'discount', 'products', 'active', 'paused', 'cancelled', 'total', 'averageDiscount'] as const;

/** A rough length in days, so "every 2 weeks" sorts between "every week" and "every month". */
const INTERVAL_DAYS: Record<string, number> = { day: 1, week: 7, month: 30.4, year: 365 };

export const centraPlansList: PlansList<CentraPlanRow, typeof planFilter, typeof planSortable> = {
  name: 'centra',
  title: 'centra-plans',
  filter: planFilter,
  sortable: planSortable,
  defaultSort: ['id', 'ASC'],
  idPattern: /^[A-Za-z0-9_-]{1,32}$/,
  async rows(deps) {
    const products = await deps.plans.catalogue.centraProducts.get();
    const counts = await deps.plans.counts.read();
    return {
      rows: centraPlanRows(products.value, counts.centra, counts.centraNoPlan),
      countsAsOf: counts.asOf,
      catalogueAsOf: products.fetchedAt.toISOString(),
    };
  },
  matches(r, f) {
    const ids = asList(f.id);
    const types = asList(f.intervalType);
    return (
      (!ids || ids.includes(r.id)) &&
      (!types || types.includes(r.intervalType)) &&
      (!f.productId || r.products.some((p) => p.id === f.productId)) &&
      (f.inCatalogue === undefined || r.inCatalogue === f.inCatalogue) &&
      (f.inUse === undefined || r.subscriptions.total > 0 === f.inUse) &&
      matchesText(f.q, r.name, r.id)
    );
  },
  sortValue(r, field) {
    switch (field) {
      case 'id':
        return Number.isFinite(Number(r.id)) ? Number(r.id) : Number.MAX_SAFE_INTEGER;
      case 'interval':
        return r.intervalValue === null ? null : r.intervalValue * (INTERVAL_DAYS[r.intervalType] ?? 1);
      case 'discount':
        return r.discountPercent;
      case 'products':
        return r.products.length;
      case 'active':
      case 'paused':
      case 'cancelled':
      case 'total':
      case 'averageDiscount':
        return r.subscriptions[field];
      default:
        return r[field];
    }
  },
  csv: [
    { header: 'Plan id', value: (r) => r.id },
    { header: 'Name', value: (r) => r.name },
    { header: 'Interval', value: (r) => r.intervalText },
    { header: 'Discount', value: (r) => formatPercent(r.discountPercent) + (r.discountVaries ? ' (varies by product)' : '') },
    { header: 'Products', value: (r) => r.products.map((p) => p.name).join('; ') },
    { header: 'Active subscriptions', value: (r) => r.subscriptions.active },
    { header: 'Paused subscriptions', value: (r) => r.subscriptions.paused },
    { header: 'Cancelled subscriptions', value: (r) => r.subscriptions.cancelled },
    { header: 'All subscriptions', value: (r) => r.subscriptions.total },
    { header: 'Average discount', value: (r) => formatPercent(r.subscriptions.averageDiscount) },
    { header: 'In the catalogue', value: (r) => (r.inCatalogue ? 'yes' : 'no') },
  ],
};

// ---- the product × plan matrix

const productFilter = z.strictObject({
  q: z.string().max(200).optional(),
  /** Products offered in this plan. */
  planId: z.string().max(32).optional(),
  /** true: only products in no plan (flagged on the page). */
  inNoPlan: z.boolean().optional(),
  id: oneOrMany(32).optional(),
});
const productSortable = ['id', 'name', 'items', 'plans'] as const;

function matrixColumns(rows: CentraProductRow[]): CsvColumn<CentraProductRow>[] {
  const plans = new Map<string, string>();
  for (const r of rows) for (const c of r.plans) if (!plans.has(c.planId)) plans.set(c.planId, c.name);
  const planColumns = [...plans]
    .sort((a, b) => a[0].localeCompare(b[0], 'en', { numeric: true }))
    .map(
      ([planId, name]): CsvColumn<CentraProductRow> => ({
        header: `${name} (plan ${planId})`,
        value: (r) => {
          const c = r.plans.find((x) => x.planId === planId);
          return c ? `${c.intervalText}, ${formatPercent(c.discountPercent)} off` : '';
        },
      }),
    );
  return [
    { header: 'Product id', value: (r) => r.id },
    { header: 'Product', value: (r) => r.name },
    { header: 'Items', value: (r) => r.items.map((i) => `${i.item} ${i.sizeName}`.trim()).join('; ') },
    { header: 'In no plan', value: (r) => (r.inNoPlan ? 'yes' : 'no') },
    ...planColumns,
  ];
}

export const centraProductsList: PlansList<CentraProductRow, typeof productFilter, typeof productSortable> = {
  name: 'centra-products',
  title: 'centra-products-by-plan',
  filter: productFilter,
  sortable: productSortable,
  defaultSort: ['id', 'ASC'],
  idPattern: /^[A-Za-z0-9_-]{1,32}$/,
  async rows(deps) {
    const products = await deps.plans.catalogue.centraProducts.get();
    return { rows: products.value.map(centraProductRow), countsAsOf: null, catalogueAsOf: products.fetchedAt.toISOString() };
  },
  matches(r, f) {
    const ids = asList(f.id);
    return (
      (!ids || ids.includes(r.id)) &&
      (!f.planId || r.plans.some((c) => c.planId === f.planId)) &&
      (f.inNoPlan === undefined || r.inNoPlan === f.inNoPlan) &&
      matchesText(f.q, r.name, r.id, ...r.items.map((i) => i.item))
    );
  },
  sortValue(r, field) {
    switch (field) {
      case 'id':
        return Number.isFinite(Number(r.id)) ? Number(r.id) : r.id;
      case 'items':
        return r.items.length;
      case 'plans':
        return r.plans.length;
      default:
        return r.name;
    }
  },
  csv: matrixColumns,
};

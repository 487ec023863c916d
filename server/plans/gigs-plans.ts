import { z } from 'zod';
import type { GigsAddon, GigsPlan } from '../upstream/gigs.ts';
import { emptyGigsCounts, type GigsCounts } from './counts.ts';
import { formatAllowances, formatMoney, formatValidity, type HumanAllowances } from '../vocabulary/index.ts';
import { offerCsvColumns, offerSortValue } from './offer.ts';
import { asList, matchesText, type PlansList } from './list.ts';

export type AddonRef = { id: string; name: string; status: string };

export type GigsPlanRow = {
  id: string;
  name: string;
  description: string;
  status: string;
  provider: string;
  /** Minor units, as Gigs sends it (null when Gigs sends none). */
  price: { amount: number; currency: string } | null;
  priceText: string;
  allowances: { dataBytes: number | null; voiceSeconds: number | null; smsMessages: number | null } | null;
  allowancesText: HumanAllowances;
  validity: { value: number | null; unit: string | null; type: string | null } | null;
  validityText: string;
  coverage: { name: string; countries: string[] };
  simTypes: string[];
  /** Subscriptions on this plan by status, from the customer index (plan_stats). */
  subscriptions: GigsCounts;
  /** Add-ons made for this plan (any status). */
  addons: AddonRef[];
  /** False for a plan id subscriptions still carry that the catalogue no longer lists. */
  inCatalogue: boolean;
};

export function gigsPlanRow(p: GigsPlan, counts: GigsCounts | undefined, addons: GigsAddon[]): GigsPlanRow {
  const a = p.allowances;
  return {
    id: p.id,
    name: p.name,
    description: p.description ?? '',
    status: p.status,
    provider: p.provider ?? '',
    price: p.price ? { amount: p.price.amount, currency: p.price.currency } : null,
    priceText: formatMoney(p.price),
    allowances: a ? { dataBytes: a.dataBytes ?? null, voiceSeconds: a.voiceSeconds ?? null, smsMessages: a.smsMessages ?? null } : null,
    allowancesText: formatAllowances(a),
    validity: p.validity ? { value: p.validity.value ?? null, unit: p.validity.unit ?? null, type: p.validity.type ?? null } : null,
    validityText: formatValidity(p.validity),
    coverage: { name: p.coverage?.name ?? '', countries: p.coverage?.countries ?? [] },
    simTypes: p.simTypes ?? [],
    subscriptions: counts ?? emptyGigsCounts(),
    addons: addons.filter((x) => x.plans.includes(p.id)).map((x) => ({ id: x.id, name: x.name, status: x.status })),
    inCatalogue: true,
  };
}

/** A plan subscriptions point at but the catalogue does not list (deleted upstream): counted, not hidden. */
function unlistedRow(id: string, counts: GigsCounts): GigsPlanRow {
  return {
    id,
    name: `Plan not in the catalogue (${id})`,
    description: '',
    status: 'unlisted',
    provider: '',
    price: null,
    priceText: '',
    allowances: null,
    allowancesText: formatAllowances(null),
    validity: null,
    validityText: '',
    coverage: { name: '', countries: [] },
    simTypes: [],
    subscriptions: counts,
    addons: [],
    inCatalogue: false,
  };
}

const oneOrMany = (max: number) => z.union([z.string().max(max), z.array(z.string().max(max)).max(50)]);

const filter = z.strictObject({
  q: z.string().max(200).optional(),
  status: oneOrMany(40).optional(),
  provider: z.string().max(40).optional(),
  /** ISO country code the plan covers. */
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'is not a two-letter country code')
    .optional(),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'is not a currency code')
    .optional(),
  /** Only plans this add-on works with. */
  addonId: z.string().max(80).optional(),
  /** true: only plans with at least one subscription. */
  inUse: z.boolean().optional(),
  id: oneOrMany(80).optional(),
});

const sortable = ['name', 'price', 'status', 'provider', 'data', 'validity', 'countries', 'pending', 'active', 'ended', 'total', 'addons'] as const;

export const gigsPlansList: PlansList<GigsPlanRow, typeof filter, typeof sortable> = {
  name: 'gigs',
  title: 'gigs-plans',
  filter,
  sortable,
  defaultSort: ['name', 'ASC'],
  idPattern: /^pln_[A-Za-z0-9]{1,60}$/,
  async rows(deps) {
    const cat = deps.plans.catalogue;
    const [plans, addons] = await Promise.all([cat.gigsPlans.get(), cat.gigsAddons.get()]);
    const counts = await deps.plans.counts.read();
    const rows = plans.value.map((p) => gigsPlanRow(p, counts.gigs.get(p.id), addons.value));
    const listed = new Set(rows.map((r) => r.id));
    for (const [id, c] of counts.gigs) if (!listed.has(id)) rows.push(unlistedRow(id, c));
    const catalogueAsOf = new Date(Math.min(plans.fetchedAt.getTime(), addons.fetchedAt.getTime())).toISOString();
    return { rows, countsAsOf: counts.asOf, catalogueAsOf };
  },
  matches(r, f) {
    const ids = asList(f.id);
    const statuses = asList(f.status);
    return (
      (!ids || ids.includes(r.id)) &&
      (!statuses || statuses.includes(r.status)) &&
      (!f.provider || r.provider === f.provider) &&
      (!f.country || r.coverage.countries.includes(f.country.toUpperCase())) &&
      (!f.currency || r.price?.currency === f.currency.toUpperCase()) &&
      (!f.addonId || r.addons.some((a) => a.id === f.addonId)) &&
      (f.inUse === undefined || r.subscriptions.total > 0 === f.inUse) &&
      matchesText(f.q, r.name, r.description, r.id, r.coverage.name)
    );
  },
  sortValue(r, field) {
    switch (field) {
      case 'countries':
        return r.coverage.countries.length;
      case 'pending':
      case 'active':
      case 'ended':
      case 'total':
        return r.subscriptions[field];
      case 'addons':
        return r.addons.length;
      case 'price':
      case 'data':
      case 'validity':
        return offerSortValue(r, field);
      default:
        return r[field];
    }
  },
  csv: [
    { header: 'Plan id', value: (r) => r.id },
    { header: 'Name', value: (r) => r.name },
    { header: 'Status', value: (r) => r.status },
    { header: 'Provider', value: (r) => r.provider },
    ...offerCsvColumns<GigsPlanRow>(),
    { header: 'Coverage', value: (r) => r.coverage.name },
    { header: 'Countries', value: (r) => r.coverage.countries.join(' ') },
    { header: 'Pending subscriptions', value: (r) => r.subscriptions.pending },
    { header: 'Active subscriptions', value: (r) => r.subscriptions.active },
    { header: 'Ended subscriptions', value: (r) => r.subscriptions.ended },
    { header: 'All subscriptions', value: (r) => r.subscriptions.total },
    { header: 'Add-ons', value: (r) => r.addons.map((a) => a.name).join('; ') },
  ],
};

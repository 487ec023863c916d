import { z } from 'zod';
import type { GigsAddon, GigsPlan } from '../upstream/gigs.ts';
import { formatAllowances, formatMoney, formatValidity, type HumanAllowances } from '../vocabulary/index.ts';
import { offerCsvColumns, offerSortValue } from './offer.ts';
import { asList, matchesText, type PlansList } from './list.ts';

export type GigsAddonRow = {
  id: string;
  name: string;
  description: string;
  /** topUp | other (or whatever Gigs adds later, shown as-is). */
  type: string;
  status: string;
  /** oneTime | recurring */
  recurrenceType: string;
  provider: string;
  price: { amount: number; currency: string } | null;
  priceText: string;
  allowances: { dataBytes: number | null; voiceSeconds: number | null; smsMessages: number | null } | null;
  allowancesText: HumanAllowances;
  /** Its validity with the recurrence as Gigs plans state it (`type: 'recurring'`), for readers who write it in their own words. */
  validity: { value: number | null; unit: string | null; type: string | null } | null;
  validityText: string;
  /** The plans it works with; a plan id the catalogue no longer lists keeps its id as name. */
  plans: { id: string; name: string }[];
  coverage: { name: string; countries: string[] } | null;
};

export function gigsAddonRow(a: GigsAddon, planNames: Map<string, string>): GigsAddonRow {
  const al = a.allowances;
  const validity = a.validity
    ? { value: a.validity.value ?? null, unit: a.validity.unit ?? null, type: a.recurrenceType === 'recurring' ? 'recurring' : null }
    : null;
  return {
    id: a.id,
    name: a.name,
    description: a.description ?? '',
    type: a.type ?? '',
    status: a.status,
    recurrenceType: a.recurrenceType ?? '',
    provider: a.provider ?? '',
    price: a.price ? { amount: a.price.amount, currency: a.price.currency } : null,
    priceText: formatMoney(a.price),
    allowances: al ? { dataBytes: al.dataBytes ?? null, voiceSeconds: al.voiceSeconds ?? null, smsMessages: al.smsMessages ?? null } : null,
    allowancesText: formatAllowances(al),
    validity,
    validityText: formatValidity(validity),
    plans: a.plans.map((id) => ({ id, name: planNames.get(id) ?? id })),
    coverage: a.coverage ? { name: a.coverage.name ?? '', countries: a.coverage.countries ?? [] } : null,
  };
}

const oneOrMany = (max: number) => z.union([z.string().max(max), z.array(z.string().max(max)).max(50)]);

const filter = z.strictObject({
  q: z.string().max(200).optional(),
  type: oneOrMany(40).optional(),
  status: oneOrMany(40).optional(),
  provider: z.string().max(40).optional(),
  /** Only add-ons that work with this plan. */
  planId: z.string().max(80).optional(),
  id: oneOrMany(80).optional(),
});

const sortable = ['name', 'type', 'status', 'price', 'provider', 'data', 'validity', 'plans'] as const;

export const gigsAddonsList: PlansList<GigsAddonRow, typeof filter, typeof sortable> = {
  name: 'gigs-addons',
  title: 'gigs-addons',
  filter,
  sortable,
  defaultSort: ['name', 'ASC'],
  idPattern: /^add_[A-Za-z0-9]{1,60}$/,
  async rows(deps) {
    const cat = deps.plans.catalogue;
    const [plans, addons] = await Promise.all([cat.gigsPlans.get(), cat.gigsAddons.get()]);
    const names = new Map(plans.value.map((p: GigsPlan) => [p.id, p.name]));
    const catalogueAsOf = new Date(Math.min(plans.fetchedAt.getTime(), addons.fetchedAt.getTime())).toISOString();
    // Add-ons carry no subscription counts (the index keeps plans only): nothing counted here.
    return { rows: addons.value.map((a) => gigsAddonRow(a, names)), countsAsOf: null, catalogueAsOf };
  },
  matches(r, f) {
    const ids = asList(f.id);
    const types = asList(f.type);
    const statuses = asList(f.status);
    return (
      (!ids || ids.includes(r.id)) &&
      (!types || types.includes(r.type)) &&
      (!statuses || statuses.includes(r.status)) &&
      (!f.provider || r.provider === f.provider) &&
      (!f.planId || r.plans.some((p) => p.id === f.planId)) &&
      matchesText(f.q, r.name, r.description, r.id)
    );
  },
  sortValue(r, field) {
    switch (field) {
      case 'plans':
        return r.plans.length;
      case 'price':
      case 'data':
      case 'validity':
        return offerSortValue(r, field);
      default:
        return r[field];
    }
  },
  csv: [
    { header: 'Add-on id', value: (r) => r.id },
    { header: 'Name', value: (r) => r.name },
    { header: 'Type', value: (r) => r.type },
    { header: 'Status', value: (r) => r.status },
    { header: 'Recurrence', value: (r) => r.recurrenceType },
    { header: 'Provider', value: (r) => r.provider },
    ...offerCsvColumns<GigsAddonRow>(),
    { header: 'Plans', value: (r) => r.plans.map((p) => p.name).join('; ') },
  ],
};

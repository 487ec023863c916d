/** What /api/plans/* answers (server/plans/*): aggregates and catalogue facts, no customer. */
export type HumanAllowances = { data: string; voice: string; sms: string; summary: string };
export type Price = { amount: number; currency: string } | null;

export type GigsPlanRow = {
  id: string;
  name: string;
  description: string;
  status: string;
  provider: string;
  price: Price;
  priceText: string;
  allowancesText: HumanAllowances;
  validityText: string;
  coverage: { name: string; countries: string[] };
  simTypes: string[];
  subscriptions: { pending: number; active: number; ended: number; other: number; total: number };
  addons: { id: string; name: string; status: string }[];
  inCatalogue: boolean;
};

export type GigsAddonRow = {
  id: string;
  name: string;
  description: string;
  type: string;
  status: string;
  recurrenceType: string;
  provider: string;
  price: Price;
  priceText: string;
  allowancesText: HumanAllowances;
  validityText: string;
  plans: { id: string; name: string }[];
};

export type CentraCounts = { active: number; paused: number; cancelled: number; other: number; total: number; averageDiscount: number | null };

export type CentraPlanRow = {
  id: string;
  name: string;
  intervalType: string;
  intervalValue: number | null;
  intervalText: string;
  discountPercent: number | null;
  discountVaries: boolean;
  products: { id: string; name: string }[];
  subscriptions: CentraCounts;
  inCatalogue: boolean;
};

export type CentraPlanCell = { planId: string; name: string; intervalText: string; discountPercent: number };

export type CentraProductRow = {
  id: string;
  name: string;
  items: { item: string; sizeName: string }[];
  plans: CentraPlanCell[];
  inNoPlan: boolean;
};

export type StatusChartData = {
  countsAsOf: string | null;
  gigs: { planId: string; name: string; pending: number; active: number; ended: number; other: number; total: number }[];
  centra: { planId: string; name: string; active: number; paused: number; cancelled: number; other: number; total: number }[];
};

export type WeeklyData = {
  countedAt: string;
  countsAsOf: string | null;
  weeks: { weekStart: string; partial: boolean; newGigs: number; newCentra: number; cancelledGigs: number; cancelledCentra: number }[];
};

/** The tabs, by URL segment; each list's segment is also its API path under /api/plans/. */
export const TABS = [
  { key: 'gigs', label: 'Gigs plans' },
  { key: 'gigs-addons', label: 'Gigs add-ons' },
  { key: 'centra', label: 'Centra products & plans' },
  { key: 'charts', label: 'Charts' },
] as const;
export type TabKey = (typeof TABS)[number]['key'];

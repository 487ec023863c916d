/** The customer page's record, as GET /api/customers/:id answers it (see server/routes/customers.ts). */
export type Money = { amount: number; currency: string };
export type Allowances = { dataBytes: number | null; voiceSeconds: number | null; smsMessages: number | null };

export type GigsPlan = { id: string; name?: string; price?: Money | null; allowances?: Allowances | null; validity?: { value: number; unit: string } | null };
export type GigsAddon = {
  id: string;
  status?: string;
  addon?: { id: string; name?: string; price?: Money | null; allowances?: Allowances | null };
  currentPeriod?: Period | null;
};
export type Period = { number?: number; start: string; end: string };
export type GigsSubscription = {
  id: string;
  status: string;
  phoneNumber?: string | null;
  plan?: GigsPlan | null;
  sim?: { id: string; type?: string; iccid?: string | null; status?: string } | null;
  currentPeriod?: Period | null;
  createdAt?: string;
  endedAt?: string | null;
  canceledAt?: string | null;
  addons: GigsAddon[];
};
export type GigsUser = { id: string; email: string; fullName?: string | null; status?: string; birthday?: string | null; preferredLocale?: string };

export type CentraLine = { item: string; productName: string; size: string; quantity: number | null; unitPrice: Money | null };
export type CentraSubscription = {
  id: number;
  status: string;
  interval: { type: string; value: number } | null;
  plan: { id: string; name: string | null } | null;
  discount: number;
  quantity: number;
  nextOrderDate: string | null;
  lines: CentraLine[];
  createdAt: string | null;
  needsAttention?: boolean;
  attentionReasons?: string[];
};
export type CentraAddress = {
  firstName: string;
  lastName: string;
  address1: string;
  address2: string;
  zipCode: string;
  city: string;
  state: string;
  country: string;
  email: string;
  phoneNumber: string;
};
export type CentraContract = {
  id: number;
  createdAt: string | null;
  shippingAddress: CentraAddress;
  subscriptionPayment: { id: string; paymentMethod: string; status: string }[];
  subscriptions: CentraSubscription[];
};
export type CentraCustomer = {
  customerId: string;
  email: string;
  firstName: string;
  lastName: string;
  country: string;
  phoneNumber: string;
  address1?: string;
  city?: string;
};

export type Unreachable = { error: string; code: string };
/** Gigs' User Address (the newest one the user gave, e.g. through an address link). */
export type GigsAddress = {
  id: string;
  line1?: string | null;
  line2?: string | null;
  postalCode?: string | null;
  city?: string | null;
  state?: string | null;
  country?: string | null;
};
export type GigsSide = { user: GigsUser | null; subscriptions: GigsSubscription[]; address?: GigsAddress | null } | Unreachable;
export type CentraSide = { customer: CentraCustomer | null; contracts: CentraContract[] } | Unreachable;

export type CustomerRecord = {
  id: string;
  name: string | null;
  email: string | null;
  emails: string[];
  phones: string[];
  countries: string[];
  systems: ('gigs' | 'centra')[];
  gigsUserId: string | null;
  centraCustomerId: string | null;
  gigsLive: number;
  centraLive: number;
  gigsSubscriptionIds: string[];
  iccids: string[];
  centraContractIds: string[];
  centraSubscriptionIds: string[];
  gigs: GigsSide;
  centra: CentraSide;
};

export const isUnreachable = (v: unknown): v is Unreachable => Boolean(v && typeof v === 'object' && 'error' in v);

/** A row of the customers list, as the server's search answers it (a type only: nothing of the server reaches the bundle). */
export type { CustomerListRow as CustomerListRecord } from '../../server/customers/search/search.ts';

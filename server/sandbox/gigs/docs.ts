/**
 * The documents the emulator stores and answers, shaped as docs/upstreams.md describes Gigs' objects. Embedded objects
 * (a subscription's plan and user, a subscription add-on's addon) are stored by id and embedded
 * when answering, so that a plan or user change shows everywhere.
 */
export type Allowances = { dataBytes: number | null; voiceSeconds: number | null; smsMessages: number | null };
export type Price = { amount: number; currency: string };
export type Period = { number: number; start: string; end: string };

export type UserDoc = {
  object: 'user';
  id: string;
  metadata: Record<string, string>;
  birthday: string | null;
  createdAt: string;
  email: string;
  emailVerified: boolean;
  fullName: string | null;
  preferredLocale: string;
  status: 'active' | 'blocked' | 'deleted';
};

export type PlanDoc = {
  object: 'plan';
  id: string;
  name: string;
  description: string | null;
  image: string | null;
  metadata: Record<string, string>;
  coverage: { object: 'coverage'; id: string; name: string; countries: string[] };
  allowances: Allowances;
  limits: {
    dataBytes: number | null;
    bandwidthBitsPerSecond: number | null;
    throttling: { thresholdBytes: number; bandwidthBitsPerSecond: number } | null;
  } | null;
  price: Price;
  provider: string;
  requirements: Record<string, string>;
  simTypes: ('eSIM' | 'pSIM')[];
  status: 'available' | 'archived' | 'pending' | 'draft';
  validity: { value: number; unit: 'day' | 'month'; type: 'oneTime' | 'recurring'; minimumPeriods: number };
  createdAt: string;
};

export type AddonDoc = {
  object: 'addon';
  id: string;
  metadata: Record<string, string>;
  activationTrigger: 'creation' | 'networkLatch' | 'usageStarted';
  name: string;
  description: string | null;
  type: 'topUp' | 'other';
  status: 'draft' | 'available' | 'archived';
  recurrenceType: 'oneTime' | 'recurring';
  allowances: Allowances;
  coverage: PlanDoc['coverage'] | null;
  plans: string[];
  price: Price;
  provider: string;
  validity: { unit: 'day' | 'month'; value: number } | null;
  createdAt: string;
};

export type SimDoc = {
  object: 'sim';
  id: string;
  type: 'eSIM' | 'pSIM';
  iccid: string;
  provider: string;
  status: 'active' | 'inactive' | 'deleted' | 'retired';
  createdAt: string;
};

export type PortingDoc = {
  object: 'porting';
  id: string;
  status: 'pending' | 'informationRequired' | 'requested' | 'completed' | 'canceled';
  phoneNumber: string;
  createdAt: string;
  completedAt: string | null;
};

export type SubscriptionStatus = 'pending' | 'initiated' | 'active' | 'ended';

/** Stored without `plan` and `user` (see planId/userId columns). */
export type SubscriptionDoc = {
  object: 'subscription';
  id: string;
  metadata: Record<string, string>;
  status: SubscriptionStatus;
  phoneNumber: string | null;
  sim: SimDoc | null;
  currentPeriod: Period | null;
  activatedAt: string | null;
  billing: null;
  canceledAt: string | null;
  cancellationDetails: { cause: string; userReason: string | null; userComment: string | null } | null;
  createdAt: string;
  earliestEndAt: string | null;
  endedAt: string | null;
  firstUsageAt: string | null;
  porting: PortingDoc | null;
};

export type SubscriptionRow = { doc: SubscriptionDoc; userId: string; planId: string };

/** Stored without the embedded `addon` (see addonId). */
export type SubscriptionAddonDoc = {
  object: 'subscriptionAddon';
  id: string;
  subscription: string;
  user: string;
  status: SubscriptionStatus;
  currentPeriod: Period | null;
  activatedAt: string | null;
  canceledAt: string | null;
  createdAt: string;
  endedAt: string | null;
};

/**
 * `status`, `createdAt` and `expiresAt` are NOT in Gigs' documentation: the emulator invents them
 * (pending | opened | completed | abandoned | expired) so tests, the reliability suite and the
 * agent's live link dialog can see what the customer did on the hosted page (`opened`: the page
 * was shown). Real Gigs may have nothing like them.
 */
export type ConnectSessionState = 'pending' | 'opened' | 'completed' | 'abandoned' | 'expired';

/** DOCS core/user-addresses: `line2`, `postalCode` and `state` may be null. */
export type UserAddressDoc = {
  object: 'userAddress';
  id: string;
  city: string;
  country: string;
  createdAt: string;
  line1: string;
  line2: string | null;
  postalCode: string | null;
  state: string | null;
  user: string;
};

export type ConnectSessionDoc = {
  object: 'connectSession';
  id: string;
  appearance?: { theme: 'light' | 'dark' };
  callbackUrl: string | null;
  intent: { type: string } & Record<string, unknown>;
  user: string | null;
  status: ConnectSessionState;
  createdAt: string;
  expiresAt: string;
};

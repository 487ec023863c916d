import type { AddonDoc, PlanDoc } from './docs.ts';
import { seededId } from './ids.ts';

const GB = 1_000_000_000;
const EUROPE = ['SE', 'DE', 'GB', 'FR', 'ES', 'NL', 'PL', 'DK'];

export const planId = (key: string) => seededId('pln', key);
export const addonId = (key: string) => seededId('add', key);

const requirements = { address: 'present', 'user.birthday': 'none', 'user.fullName': 'present', device: 'none' };

/**
 * The sandbox's fixed catalogue: US plans on provider p5, European ones on p7; one unlimited
 * (all-null allowances), one archived, one one-time pass, and data-only plans (no phone number).
 */
export function catalogPlans(createdAt: string): PlanDoc[] {
  const plan = (
    key: string,
    p: Omit<PlanDoc, 'object' | 'id' | 'image' | 'metadata' | 'createdAt' | 'requirements' | 'limits'> & Partial<Pick<PlanDoc, 'limits'>>,
  ): PlanDoc => ({
    object: 'plan',
    id: planId(key),
    image: null,
    metadata: {},
    limits: null,
    requirements,
    createdAt,
    ...p,
  });
  const recurringMonth = { value: 1, unit: 'month' as const, type: 'recurring' as const, minimumPeriods: 1 };
  return [
    plan('us-essentials', {
      name: 'Essentials 5GB',
      description: '5 GB, 500 minutes and 100 texts a month in the US',
      status: 'available',
      provider: 'p5',
      coverage: { object: 'coverage', id: 'us', name: 'United States', countries: ['US'] },
      allowances: { dataBytes: 5 * GB, voiceSeconds: 30_000, smsMessages: 100 },
      price: { amount: 1500, currency: 'USD' },
      simTypes: ['eSIM', 'pSIM'],
      validity: recurringMonth,
    }),
    plan('us-unlimited', {
      name: 'Unlimited',
      description: 'Unlimited data, calls and texts in the US',
      status: 'available',
      provider: 'p5',
      coverage: { object: 'coverage', id: 'us', name: 'United States', countries: ['US'] },
      allowances: { dataBytes: null, voiceSeconds: null, smsMessages: null },
      limits: { dataBytes: null, bandwidthBitsPerSecond: null, throttling: { thresholdBytes: 50 * GB, bandwidthBitsPerSecond: 1_000_000 } },
      price: { amount: 4500, currency: 'USD' },
      simTypes: ['eSIM', 'pSIM'],
      validity: recurringMonth,
    }),
    plan('us-legacy', {
      name: 'Legacy 2GB',
      description: 'No longer sold; existing subscribers keep it',
      status: 'archived',
      provider: 'p5',
      coverage: { object: 'coverage', id: 'us', name: 'United States', countries: ['US'] },
      allowances: { dataBytes: 2 * GB, voiceSeconds: 12_000, smsMessages: 100 },
      price: { amount: 1000, currency: 'USD' },
      simTypes: ['pSIM'],
      validity: recurringMonth,
    }),
    plan('eu-data', {
      name: 'Europe Data 10GB',
      description: '10 GB of data across Europe, no phone number',
      status: 'available',
      provider: 'p7',
      coverage: { object: 'coverage', id: 'eu', name: 'Europe', countries: EUROPE },
      allowances: { dataBytes: 10 * GB, voiceSeconds: 0, smsMessages: 0 },
      price: { amount: 1900, currency: 'EUR' },
      simTypes: ['eSIM'],
      validity: recurringMonth,
    }),
    plan('eu-talk', {
      name: 'Europe Talk & Text 20GB',
      description: '20 GB, unlimited calls and texts across Europe',
      status: 'available',
      provider: 'p7',
      coverage: { object: 'coverage', id: 'eu', name: 'Europe', countries: EUROPE },
      allowances: { dataBytes: 20 * GB, voiceSeconds: null, smsMessages: null },
      price: { amount: 2900, currency: 'EUR' },
      simTypes: ['eSIM', 'pSIM'],
      validity: recurringMonth,
    }),
    plan('eu-holiday', {
      name: 'Holiday Pass 3GB',
      description: '3 GB for 30 days, once',
      status: 'available',
      provider: 'p7',
      coverage: { object: 'coverage', id: 'eu', name: 'Europe', countries: EUROPE },
      allowances: { dataBytes: 3 * GB, voiceSeconds: 0, smsMessages: 0 },
      price: { amount: 900, currency: 'EUR' },
      simTypes: ['eSIM'],
      validity: { value: 30, unit: 'day', type: 'oneTime', minimumPeriods: 1 },
    }),
  ];
}

export function catalogAddons(createdAt: string): AddonDoc[] {
  const addon = (key: string, a: Omit<AddonDoc, 'object' | 'id' | 'metadata' | 'createdAt' | 'coverage' | 'activationTrigger'>): AddonDoc => ({
    object: 'addon',
    id: addonId(key),
    metadata: {},
    createdAt,
    coverage: null,
    activationTrigger: 'creation',
    ...a,
  });
  return [
    addon('us-topup-1gb', {
      name: '1GB Data Top-up',
      description: 'One extra gigabyte for 7 days',
      type: 'topUp',
      status: 'available',
      recurrenceType: 'oneTime',
      allowances: { dataBytes: GB, voiceSeconds: 0, smsMessages: 0 },
      plans: [planId('us-essentials')],
      price: { amount: 999, currency: 'USD' },
      provider: 'p5',
      validity: { unit: 'day', value: 7 },
    }),
    addon('us-intl-calls', {
      name: 'International Calling',
      description: '300 minutes to 50 countries',
      type: 'other',
      status: 'available',
      recurrenceType: 'recurring',
      allowances: { dataBytes: 0, voiceSeconds: 18_000, smsMessages: 0 },
      plans: [planId('us-essentials'), planId('us-unlimited')],
      price: { amount: 500, currency: 'USD' },
      provider: 'p5',
      validity: { unit: 'month', value: 1 },
    }),
    addon('eu-topup-5gb', {
      name: '5GB Data Top-up',
      description: 'Five extra gigabytes for 30 days',
      type: 'topUp',
      status: 'available',
      recurrenceType: 'oneTime',
      allowances: { dataBytes: 5 * GB, voiceSeconds: 0, smsMessages: 0 },
      plans: [planId('eu-data'), planId('eu-talk')],
      price: { amount: 700, currency: 'EUR' },
      provider: 'p7',
      validity: { unit: 'day', value: 30 },
    }),
    addon('us-legacy-topup', {
      name: '500MB Top-up',
      description: 'Retired top-up of the Legacy plan',
      type: 'topUp',
      status: 'archived',
      recurrenceType: 'oneTime',
      allowances: { dataBytes: GB / 2, voiceSeconds: 0, smsMessages: 0 },
      plans: [planId('us-legacy')],
      price: { amount: 400, currency: 'USD' },
      provider: 'p5',
      validity: { unit: 'day', value: 7 },
    }),
    addon('eu-roaming-draft', {
      name: 'World Roaming',
      description: 'Not launched yet',
      type: 'other',
      status: 'draft',
      recurrenceType: 'recurring',
      allowances: { dataBytes: GB, voiceSeconds: 3_600, smsMessages: 50 },
      plans: [planId('eu-talk')],
      price: { amount: 1500, currency: 'EUR' },
      provider: 'p7',
      validity: { unit: 'month', value: 1 },
    }),
  ];
}

/** Voice plans give the subscription a phone number (voiceSeconds 0 means data only). */
export const isVoicePlan = (plan: PlanDoc) => plan.allowances.voiceSeconds !== 0;

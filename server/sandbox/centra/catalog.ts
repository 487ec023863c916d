import type { IntervalType } from './dates.ts';

/**
 * The shop's fixed catalogue: what a subscription business ships again and again. Prices are
 * in EUR and converted per market. Plan membership is per product here (every size of a
 * product is in the same plans); the store keeps it per item, as Centra does.
 */
export type CatalogPlan = { id: number; name: string; intervalType: IntervalType; intervalValue: number; discount: number };
export type CatalogProduct = { id: number; name: string; sizes: { name: string; priceEur: number }[]; planIds: number[]; weight: number };

export const PLANS: CatalogPlan[] = [
  { id: 1, name: '1 month subscription', intervalType: 'month', intervalValue: 1, discount: 10 },
  { id: 2, name: '2 weeks subscription', intervalType: 'week', intervalValue: 2, discount: 10 },
  { id: 3, name: '3 months subscription', intervalType: 'month', intervalValue: 3, discount: 15 },
  { id: 4, name: '1 year subscription', intervalType: 'year', intervalValue: 1, discount: 20 },
  { id: 5, name: 'Weekly subscription', intervalType: 'week', intervalValue: 1, discount: 5 },
  { id: 6, name: 'Every 30 days', intervalType: 'day', intervalValue: 30, discount: 0 },
];

/** Product 12 was taken out of every plan: its subscriptions can no longer change interval or grow. */
export const PRODUCTS: CatalogProduct[] = [
  {
    id: 1,
    name: 'Espresso Beans',
    sizes: [
      { name: '250g', priceEur: 8.9 },
      { name: '500g', priceEur: 15.9 },
      { name: '1kg', priceEur: 28.5 },
    ],
    planIds: [1, 2, 5],
    weight: 14,
  },
  {
    id: 2,
    name: 'Filter Coffee Ground',
    sizes: [
      { name: '250g', priceEur: 7.5 },
      { name: '500g', priceEur: 13.5 },
    ],
    planIds: [1, 2],
    weight: 10,
  },
  { id: 3, name: 'Sencha Green Tea', sizes: [{ name: '100g', priceEur: 9.5 }], planIds: [1, 3], weight: 7 },
  {
    id: 4,
    name: 'Breakfast Black Tea',
    sizes: [
      { name: '100g', priceEur: 6.5 },
      { name: '250g', priceEur: 13.9 },
    ],
    planIds: [1],
    weight: 6,
  },
  {
    id: 5,
    name: 'Paper Coffee Filters',
    sizes: [
      { name: 'Size 2', priceEur: 3.5 },
      { name: 'Size 4', priceEur: 3.9 },
    ],
    planIds: [3, 6],
    weight: 6,
  },
  {
    id: 6,
    name: 'Vitamin D3',
    sizes: [
      { name: '60 capsules', priceEur: 12.9 },
      { name: '120 capsules', priceEur: 21.9 },
    ],
    planIds: [1, 3, 6],
    weight: 9,
  },
  {
    id: 7,
    name: 'Daily Multivitamin',
    sizes: [
      { name: '30 tablets', priceEur: 14.5 },
      { name: '90 tablets', priceEur: 36.0 },
    ],
    planIds: [1, 3],
    weight: 8,
  },
  {
    id: 8,
    name: 'Razor Blades',
    sizes: [
      { name: '4-pack', priceEur: 9.9 },
      { name: '8-pack', priceEur: 17.9 },
    ],
    planIds: [1, 3],
    weight: 11,
  },
  { id: 9, name: 'Shaving Foam', sizes: [{ name: '200ml', priceEur: 4.9 }], planIds: [3], weight: 4 },
  {
    id: 10,
    name: 'Toothbrush Heads',
    sizes: [
      { name: '2-pack', priceEur: 11.9 },
      { name: '4-pack', priceEur: 21.9 },
    ],
    planIds: [3, 4],
    weight: 7,
  },
  { id: 11, name: 'Contact Lens Solution', sizes: [{ name: '360ml', priceEur: 10.5 }], planIds: [1, 6], weight: 5 },
  {
    id: 12,
    name: 'Organic Dog Food',
    sizes: [
      { name: '2kg', priceEur: 19.9 },
      { name: '6kg', priceEur: 49.0 },
    ],
    planIds: [],
    weight: 5,
  },
];

/** Plans products 12's subscriptions were sold under before it left them. */
export const RETIRED_PLAN_IDS = [1, 2];

/** Item ids in Centra's style, `<product>-<size position>`. */
export const itemId = (productId: number, sizeIndex: number) => `${productId}-${sizeIndex + 1}`;

const RATES: Record<string, { currency: string; rate: number; whole: boolean }> = {
  SE: { currency: 'SEK', rate: 11, whole: true },
  DK: { currency: 'DKK', rate: 7.5, whole: true },
  PL: { currency: 'PLN', rate: 4.3, whole: true },
  GB: { currency: 'GBP', rate: 0.85, whole: false },
  US: { currency: 'USD', rate: 1.1, whole: false },
};

/** The unit price a market pays: its own currency where the shop has a pricelist, else EUR. */
export function marketPrice(priceEur: number, country: string): { amount: number; currency: string } {
  const r = RATES[country];
  if (!r) return { amount: priceEur, currency: 'EUR' };
  const raw = priceEur * r.rate;
  return { amount: r.whole ? Math.round(raw) : Math.round(raw * 100) / 100, currency: r.currency };
}

export const PAYMENT_METHODS = ['klarna_checkout_v3', 'adyen_card', 'stripe_card', 'paypal'];

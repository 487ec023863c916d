import type { CentraSubscription } from '../customers/types.ts';

/** "Espresso Beans 500g" (a bundle's lines joined), for dialog titles and messages. */
export const productLabel = (s: CentraSubscription) =>
  s.lines.map((l) => [l.productName || l.item, l.size].filter(Boolean).join(' ')).join(', ') || `Subscription ${s.id}`;

/** Reasons for a status change; the server keeps the same codes (server/centra/schemas.ts). */
export const REASONS: { code: string; label: string }[] = [
  { code: 'customer_request', label: 'Customer asked for it' },
  { code: 'moving_abroad', label: 'Moving abroad' },
  { code: 'too_much_stock', label: 'Has too much at home' },
  { code: 'price', label: 'Price' },
  { code: 'payment_problem', label: 'Payment problem' },
  { code: 'product_issue', label: 'Problem with the product' },
  { code: 'duplicate', label: 'Duplicate subscription' },
  { code: 'other', label: 'Other (describe below)' },
];

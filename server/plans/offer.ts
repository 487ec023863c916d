import type { HumanAllowances } from '../vocabulary/index.ts';
import type { CsvColumn } from './list.ts';

/** What a Gigs plan row and an add-on row have in common: a price, allowances and a validity. */
export type OfferRow = {
  price: { amount: number; currency: string } | null;
  priceText: string;
  allowances: { dataBytes: number | null; voiceSeconds: number | null; smsMessages: number | null } | null;
  allowancesText: HumanAllowances;
  validityText: string;
};

/** Sort keys of the shared columns. */
export function offerSortValue(r: OfferRow, field: 'price' | 'data' | 'validity'): string | number | null {
  switch (field) {
    case 'price':
      return r.price?.amount ?? null;
    // Unlimited sorts above any finite allowance.
    case 'data':
      return r.allowances ? (r.allowances.dataBytes === null ? Number.MAX_SAFE_INTEGER : r.allowances.dataBytes) : null;
    case 'validity':
      return r.validityText;
  }
}

/** The price, allowance and validity columns of a CSV export, in the same words as the page. */
export function offerCsvColumns<R extends OfferRow>(): CsvColumn<R>[] {
  return [
    { header: 'Price', value: (r) => r.priceText },
    { header: 'Price (minor units)', value: (r) => r.price?.amount },
    { header: 'Currency', value: (r) => r.price?.currency },
    { header: 'Data', value: (r) => r.allowancesText.data },
    { header: 'Voice', value: (r) => r.allowancesText.voice },
    { header: 'SMS', value: (r) => r.allowancesText.sms },
    { header: 'Validity', value: (r) => r.validityText },
  ];
}

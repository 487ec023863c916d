import type { CentraSubscription } from '../customers/types.ts';
import type { Translate } from '../i18n/index.ts';
import { centra } from '../i18n/en/centra.ts';

/** "Espresso Beans 500g" (a bundle's lines joined), for dialog titles and messages. */
export const productLabel = (s: CentraSubscription, t: Translate) =>
  s.lines.map((l) => [l.productName || l.item, l.size].filter(Boolean).join(' ')).join(', ') || t('centraActions.subscription', { id: s.id });

/** The reason codes of a status change, in the chooser's order; the server keeps the same codes (server/centra/schemas.ts). */
export type ReasonCode = keyof typeof centra.reasons;
export const REASON_CODES = Object.keys(centra.reasons) as ReasonCode[];

export const isReasonCode = (code: unknown): code is ReasonCode => (REASON_CODES as unknown[]).includes(code);

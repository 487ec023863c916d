import { useCallback } from 'react';
import { useTranslate } from 'react-admin';
import type { enMessages } from './en/index.ts';
import type { KeyOf, MessageParams } from './messages.ts';

/** A key of subdesk's messages: a typo or a removed key fails `tsc`. */
export type MessageKey = KeyOf<typeof enMessages>;

export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** react-admin's translate, for subdesk's own keys only: `t('menu.customers')`. */
export function useT(): Translate {
  const translate = useTranslate();
  return useCallback((key, params) => translate(key, params), [translate]);
}

/**
 * An upstream's state (a subscription's, a SIM's, a catalogue item's) in the reader's words, from
 * `statuses.*`; one subdesk has no word for (a state Gigs or Centra adds later) is shown as it comes.
 */
export function useStatusWord(): (status: string) => string {
  const translate = useTranslate();
  return useCallback((status) => translate(`statuses.${status}`, { _: status }), [translate]);
}

import { useMemo } from 'react';
// The server's own types, imported as types only: nothing of the server reaches the bundle.
import type { AgentIntent, IntentType } from '../../server/gigs/intents.ts';
import { useT, type Translate } from '../i18n/index.ts';
import { gigs } from '../i18n/en/gigs.ts';

/** The intents subdesk prepares, as POST /api/connect-sessions takes them (server/gigs/intents.ts). */
export type { AgentIntent, IntentType };

/** Every intent, in the messages' order (the English messages name each one: `satisfies Record<IntentType, …>`). */
const INTENT_TYPES = Object.keys(gigs.intents.label) as IntentType[];

const isKnown = (intent: unknown): intent is IntentType => (INTENT_TYPES as readonly unknown[]).includes(intent);

/**
 * What an intent is called (messages `intents.*`): its name in lists, its button, the link in a
 * sentence ("Sent a cancel link"), and what the customer will do in Connect. An intent subdesk
 * does not know (one Gigs added later) is named as it comes.
 */
export function intentWords(t: Translate) {
  return {
    label: (intent: string) => (isKnown(intent) ? t(`intents.label.${intent}`) : intent),
    send: (intent: IntentType) => t(`intents.send.${intent}`),
    link: (intent: unknown) => (isKnown(intent) ? t(`intents.link.${intent}`) : t('intents.otherLink', { intent: String(intent ?? 'Connect') })),
    explain: (intent: IntentType) => t(`intents.explain.${intent}`),
    /** `{id, name}` choices of every intent, for a filter. */
    choices: () => INTENT_TYPES.map((id) => ({ id, name: t(`intents.label.${id}`) })),
  };
}

export type IntentWords = ReturnType<typeof intentWords>;

export function useIntentWords(): IntentWords {
  const t = useT();
  return useMemo(() => intentWords(t), [t]);
}

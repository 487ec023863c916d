import { useMemo } from 'react';
import { useTranslate } from 'react-admin';
import { AUDIT_OUTCOME, capitalised, LINK_OUTCOME, outcomeColor, type OutcomeColor } from '../../server/vocabulary/index.ts';

type Outcome = { label: string; color: OutcomeColor };
const VOCABULARIES = { audit: AUDIT_OUTCOME, link: LINK_OUTCOME };
type Kind = keyof typeof VOCABULARIES;

/**
 * Outcomes in the reader's words (`outcomes.audit.*`, `outcomes.link.*`) with the vocabulary's
 * colours; one subdesk has no word for is shown as it comes. `choices` gives a filter's options,
 * each starting with a capital.
 */
export function useOutcomes() {
  const translate = useTranslate();
  return useMemo(() => {
    const of = (kind: Kind, outcome: string): Outcome => ({
      label: translate(`outcomes.${kind}.${outcome}`, { _: outcome }),
      color: outcomeColor(VOCABULARIES[kind], outcome),
    });
    return {
      of,
      choices: (kind: Kind, outcomes: readonly string[]) => outcomes.map((id) => ({ id, name: capitalised(of(kind, id).label) })),
    };
  }, [translate]);
}

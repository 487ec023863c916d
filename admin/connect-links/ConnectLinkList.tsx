import { DataTable, List, ReferenceField, SelectInput, SimpleList, TextInput } from 'react-admin';
import { LINK_OUTCOMES, NO_VALUE } from '../../server/vocabulary/index.ts';
import { useIntentWords } from '../gigs/intents.ts';
import { OneColumnOnPhones } from '../layout/index.ts';
import { useOutcomes, useT } from '../i18n/index.ts';
import type { ConnectLinkRecord } from './types.ts';
import { LinkOutcomeChip } from './LinkOutcomeChip.tsx';
import { DateTimeField } from '../fields/index.ts';

/** The filters, their choices in the reader's words (react-admin translates the labels). */
function useFilters() {
  const intents = useIntentWords();
  const outcomes = useOutcomes();
  return [
    <TextInput key="staffEmail" source="staffEmail" label="connectLinks.agentEmail" alwaysOn />,
    <TextInput key="customerId" source="customerId" label="connectLinks.customerId" />,
    <SelectInput key="intent" source="intent" label="connectLinks.intent" choices={intents.choices()} translateChoice={false} />,
    <SelectInput
      key="outcome"
      source="outcome"
      label="connectLinks.outcome"
      choices={outcomes.choices('link', LINK_OUTCOMES)}
      translateChoice={false}
      alwaysOn
    />,
  ];
}

const outcome = (r: ConnectLinkRecord) => <LinkOutcomeChip outcome={r.outcome} />;
const customer = <ReferenceField source="customerId" reference="customers" link="show" />;

/**
 * Every Connect link made for a customer: who, for whom, what, when, and how it ended. Never the
 * link itself. Its export asks for every row; the data provider reads them page by page.
 */
export function ConnectLinkList() {
  const t = useT();
  const intents = useIntentWords();
  const intent = (r: ConnectLinkRecord) => intents.label(r.intent);
  return (
    <List filters={useFilters()} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25} title="connectLinks.title">
      <OneColumnOnPhones
        phone={
          <SimpleList<ConnectLinkRecord>
            primaryText={intent}
            secondaryText={(r) => (
              <>
                <DateTimeField source="createdAt" /> · {r.staffEmail ?? t('connectLinks.system')}
              </>
            )}
            tertiaryText={outcome}
            rowClick="show"
          />
        }
      >
        <DataTable<ConnectLinkRecord> rowClick="show" bulkActionButtons={false} aria-label={t('connectLinks.title')}>
          <DataTable.Col source="createdAt" label="connectLinks.made">
            <DateTimeField source="createdAt" />
          </DataTable.Col>
          <DataTable.Col source="staffEmail" label="connectLinks.agent" />
          <DataTable.Col source="customerId" label="connectLinks.customer">
            {customer}
          </DataTable.Col>
          <DataTable.Col source="intent" label="connectLinks.intent" render={intent} />
          <DataTable.Col label="connectLinks.target" disableSort render={(r: ConnectLinkRecord) => r.subscriptionId ?? r.planId ?? NO_VALUE} />
          <DataTable.Col source="outcome" label="connectLinks.outcome" render={outcome} />
          <DataTable.Col source="outcomeAt" label="connectLinks.settled">
            <DateTimeField source="outcomeAt" />
          </DataTable.Col>
        </DataTable>
      </OneColumnOnPhones>
    </List>
  );
}

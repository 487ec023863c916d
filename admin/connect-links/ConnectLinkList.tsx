import { DataTable, List, ReferenceField, SelectInput, SimpleList, TextInput } from 'react-admin';
import { INTENT_LABEL, type IntentType } from '../gigs/intents.ts';
import { OneColumnOnPhones } from '../layout/index.ts';
import { OUTCOME_CHOICES, type ConnectLinkRecord } from './types.ts';
import { LinkOutcomeChip } from './LinkOutcomeChip.tsx';
import { DateTimeField } from '../fields/index.ts';

const INTENT_CHOICES = (Object.keys(INTENT_LABEL) as IntentType[]).map((id) => ({ id, name: INTENT_LABEL[id] }));

const filters = [
  <TextInput key="staffEmail" source="staffEmail" label="Agent e-mail" alwaysOn />,
  <TextInput key="customerId" source="customerId" label="Customer id" />,
  <SelectInput key="intent" source="intent" label="Intent" choices={INTENT_CHOICES} />,
  <SelectInput key="outcome" source="outcome" label="Outcome" choices={OUTCOME_CHOICES} alwaysOn />,
];

const intent = (r: ConnectLinkRecord) => INTENT_LABEL[r.intent as IntentType] ?? r.intent;
const outcome = (r: ConnectLinkRecord) => <LinkOutcomeChip outcome={r.outcome} />;
const customer = <ReferenceField source="customerId" reference="customers" link="show" />;

/**
 * Every Connect link made for a customer: who, for whom, what, when, and how it ended. Never the
 * link itself. Its export asks for every row; the data provider reads them page by page.
 */
export function ConnectLinkList() {
  return (
    <List filters={filters} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25} title="Connect links">
      <OneColumnOnPhones
        phone={
          <SimpleList<ConnectLinkRecord>
            primaryText={intent}
            secondaryText={(r) => (
              <>
                <DateTimeField source="createdAt" /> · {r.staffEmail ?? 'system'}
              </>
            )}
            tertiaryText={outcome}
            rowClick="show"
          />
        }
      >
        <DataTable<ConnectLinkRecord> rowClick="show" bulkActionButtons={false} aria-label="Connect links">
          <DataTable.Col source="createdAt" label="Made">
            <DateTimeField source="createdAt" />
          </DataTable.Col>
          <DataTable.Col source="staffEmail" label="Agent" />
          <DataTable.Col source="customerId" label="Customer">
            {customer}
          </DataTable.Col>
          <DataTable.Col source="intent" label="Intent" render={intent} />
          <DataTable.Col label="Target" disableSort render={(r: ConnectLinkRecord) => r.subscriptionId ?? r.planId ?? '—'} />
          <DataTable.Col source="outcome" label="Outcome" render={outcome} />
          <DataTable.Col source="outcomeAt" label="Settled">
            <DateTimeField source="outcomeAt" />
          </DataTable.Col>
        </DataTable>
      </OneColumnOnPhones>
    </List>
  );
}

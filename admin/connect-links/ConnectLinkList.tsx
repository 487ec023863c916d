import { Datagrid, FunctionField, List, ReferenceField, SelectInput, TextField, TextInput } from 'react-admin';
import { INTENT_LABEL, type IntentType } from '../gigs/intents.ts';
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

/** Every Connect link made for a customer: who, for whom, what, when, and how it ended. Never the link itself. */
export function ConnectLinkList() {
  return (
    <List filters={filters} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25} title="Connect links">
      <Datagrid rowClick="show" bulkActionButtons={false} aria-label="Connect links">
        <DateTimeField source="createdAt" label="Made" />
        <TextField source="staffEmail" label="Agent" />
        <ReferenceField source="customerId" reference="customers" label="Customer" link="show" />
        <FunctionField source="intent" label="Intent" render={(r: ConnectLinkRecord) => INTENT_LABEL[r.intent as IntentType] ?? r.intent} />
        <FunctionField label="Target" sortable={false} render={(r: ConnectLinkRecord) => r.subscriptionId ?? r.planId ?? '—'} />
        <FunctionField source="outcome" label="Outcome" render={(r: ConnectLinkRecord) => <LinkOutcomeChip outcome={r.outcome} />} />
        <DateTimeField source="outcomeAt" label="Settled" />
      </Datagrid>
    </List>
  );
}

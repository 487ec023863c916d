import { Chip } from '@mui/material';
import { DateField, FunctionField, ReferenceField, Show, SimpleShowLayout, TextField } from 'react-admin';
import { INTENT_LABEL, type IntentType } from '../gigs/intents.ts';
import { OUTCOME_COLOR, type ConnectLinkRecord } from './types.ts';

/** One link's record. The link itself was shown once to the agent who made it and is not kept. */
export function ConnectLinkShow() {
  return (
    <Show title="Connect link">
      <SimpleShowLayout>
        <TextField source="id" label="Session" />
        <DateField source="createdAt" label="Made" showTime />
        <TextField source="staffEmail" label="Agent" />
        <ReferenceField source="customerId" reference="customers" label="Customer" link="show" />
        <FunctionField source="intent" label="Intent" render={(r: ConnectLinkRecord) => INTENT_LABEL[r.intent as IntentType] ?? r.intent} />
        <TextField source="subscriptionId" label="Subscription" emptyText="—" />
        <TextField source="planId" label="Plan" emptyText="—" />
        <FunctionField label="Add-ons" render={(r: ConnectLinkRecord) => (r.addonIds.length ? r.addonIds.join(', ') : '—')} />
        <TextField source="gigsUserId" label="Gigs user" emptyText="new user (sign-up details sent)" />
        <FunctionField source="outcome" label="Outcome" render={(r: ConnectLinkRecord) => <Chip size="small" label={r.outcome} color={OUTCOME_COLOR[r.outcome] ?? 'default'} />} />
        <TextField source="callbackStatus" label="Connect said" emptyText="—" />
        <DateField source="outcomeAt" label="Settled" showTime emptyText="—" />
        <TextField source="requestId" label="Request id (audit)" />
      </SimpleShowLayout>
    </Show>
  );
}

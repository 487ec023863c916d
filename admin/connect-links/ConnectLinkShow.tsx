import { FunctionField, ReferenceField, Show, SimpleShowLayout, TextField } from 'react-admin';
import { INTENT_LABEL, type IntentType } from '../gigs/intents.ts';
import type { ConnectLinkRecord } from './types.ts';
import { LinkOutcomeChip } from './LinkOutcomeChip.tsx';
import { DateTimeField } from '../fields/index.ts';

/** One link's record. The link itself was shown once to the agent who made it and is not kept. */
export function ConnectLinkShow() {
  return (
    <Show title="Connect link">
      <SimpleShowLayout>
        <TextField source="id" label="Session" />
        <DateTimeField source="createdAt" label="Made" />
        <TextField source="staffEmail" label="Agent" />
        <ReferenceField source="customerId" reference="customers" label="Customer" link="show" />
        <FunctionField source="intent" label="Intent" render={(r: ConnectLinkRecord) => INTENT_LABEL[r.intent as IntentType] ?? r.intent} />
        <TextField source="subscriptionId" label="Subscription" emptyText="—" />
        <TextField source="planId" label="Plan" emptyText="—" />
        <FunctionField label="Add-ons" render={(r: ConnectLinkRecord) => (r.addonIds.length ? r.addonIds.join(', ') : '—')} />
        <TextField source="gigsUserId" label="Gigs user" emptyText="new user (sign-up details sent)" />
        <FunctionField source="outcome" label="Outcome" render={(r: ConnectLinkRecord) => <LinkOutcomeChip outcome={r.outcome} />} />
        <TextField source="callbackStatus" label="Connect said" emptyText="—" />
        <DateTimeField source="outcomeAt" label="Settled" />
        <TextField source="requestId" label="Request id (audit)" />
      </SimpleShowLayout>
    </Show>
  );
}

import { Alert } from '@mui/material';
import { ChipField, FunctionField, ReferenceArrayField, ReferenceField, Show, SimpleShowLayout, SingleFieldList, TextField, TopToolbar, useRecordContext } from 'react-admin';
import { INTENT_LABEL, LINK_NAME, type IntentType } from '../gigs/intents.ts';
import { RevokeButton } from '../customers/timeline/PendingLinks.tsx';
import type { ConnectLinkRecord } from './types.ts';
import { LinkOutcomeChip } from './LinkOutcomeChip.tsx';
import { DateTimeField } from '../fields/index.ts';

/** Revoke, for a link still pending (the confirmation says what Gigs cannot do). */
function Actions() {
  const link = useRecordContext<ConnectLinkRecord>();
  if (link?.outcome !== 'pending') return null;
  return (
    <TopToolbar>
      <RevokeButton link={link} label={LINK_NAME[link.intent as IntentType] ?? `${link.intent} link`} />
    </TopToolbar>
  );
}

function RevokedNote() {
  const link = useRecordContext<ConnectLinkRecord>();
  if (link?.outcome !== 'revoked') return null;
  return <Alert severity="info">Revoked in subdesk. Gigs offers no way to cancel a link: the customer may still be able to use it until it expires, and subdesk records it if they do.</Alert>;
}

/** One link's record, with the plan and add-ons by name. The link itself was shown once to the agent who made it and is not kept. */
export function ConnectLinkShow() {
  return (
    <Show title="Connect link" actions={<Actions />}>
      <SimpleShowLayout>
        <RevokedNote />
        <TextField source="id" label="Session" />
        <DateTimeField source="createdAt" label="Made" />
        <TextField source="staffEmail" label="Agent" />
        <ReferenceField source="customerId" reference="customers" label="Customer" link="show" />
        <FunctionField source="intent" label="Intent" render={(r: ConnectLinkRecord) => INTENT_LABEL[r.intent as IntentType] ?? r.intent} />
        <TextField source="subscriptionId" label="Subscription" emptyText="—" />
        <ReferenceField source="planId" reference="gigs-plans" label="Plan" link={false} emptyText="—">
          <FunctionField render={(p: { name: string; id: string }) => `${p.name} (${p.id})`} />
        </ReferenceField>
        <ReferenceArrayField source="addonIds" reference="gigs-addons" label="Add-ons" emptyText="—">
          <SingleFieldList linkType={false}>
            <ChipField source="name" size="small" />
          </SingleFieldList>
        </ReferenceArrayField>
        <TextField source="gigsUserId" label="Gigs user" emptyText="new user (sign-up details sent)" />
        <FunctionField source="outcome" label="Outcome" render={(r: ConnectLinkRecord) => <LinkOutcomeChip outcome={r.outcome} />} />
        <TextField source="callbackStatus" label="Connect said" emptyText="—" />
        <DateTimeField source="outcomeAt" label="Settled" emptyText="—" />
        <TextField source="requestId" label="Request id (audit)" />
      </SimpleShowLayout>
    </Show>
  );
}

import { Alert } from '@mui/material';
import {
  ChipField,
  FunctionField,
  ReferenceArrayField,
  ReferenceField,
  Show,
  SimpleShowLayout,
  SingleFieldList,
  TextField,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import { NO_VALUE } from '../../server/vocabulary/index.ts';
import { useIntentWords } from '../gigs/intents.ts';
import { useT } from '../i18n/index.ts';
import { RevokeButton } from '../customers/timeline/PendingLinks.tsx';
import type { ConnectLinkRecord } from './types.ts';
import { LinkOutcomeChip } from './LinkOutcomeChip.tsx';
import { DateTimeField } from '../fields/index.ts';

/** Revoke, for a link still pending (the confirmation says what Gigs cannot do). */
function Actions() {
  const link = useRecordContext<ConnectLinkRecord>();
  const intents = useIntentWords();
  if (link?.outcome !== 'pending') return null;
  return (
    <TopToolbar>
      <RevokeButton link={link} label={intents.link(link.intent)} />
    </TopToolbar>
  );
}

function RevokedNote() {
  const link = useRecordContext<ConnectLinkRecord>();
  const t = useT();
  if (link?.outcome !== 'revoked') return null;
  return <Alert severity="info">{t('connectLinks.revokedNote')}</Alert>;
}

/** One link's record, with the plan and add-ons by name. The link itself was shown once to the agent who made it and is not kept. */
export function ConnectLinkShow() {
  const t = useT();
  const intents = useIntentWords();
  return (
    <Show title="connectLinks.one" actions={<Actions />}>
      <SimpleShowLayout>
        <RevokedNote />
        <TextField source="id" label="connectLinks.session" />
        <DateTimeField source="createdAt" label="connectLinks.made" />
        <TextField source="staffEmail" label="connectLinks.agent" />
        <ReferenceField source="customerId" reference="customers" label="connectLinks.customer" link="show" />
        <FunctionField source="intent" label="connectLinks.intent" render={(r: ConnectLinkRecord) => intents.label(r.intent)} />
        <TextField source="subscriptionId" label="connectLinks.subscription" emptyText={NO_VALUE} />
        <ReferenceField source="planId" reference="gigs-plans" label="connectLinks.plan" link={false} emptyText={NO_VALUE}>
          <FunctionField render={(p: { name: string; id: string }) => t('connectLinks.planLine', p)} />
        </ReferenceField>
        <ReferenceArrayField source="addonIds" reference="gigs-addons" label="connectLinks.addons" emptyText={NO_VALUE}>
          <SingleFieldList linkType={false}>
            <ChipField source="name" size="small" />
          </SingleFieldList>
        </ReferenceArrayField>
        <TextField source="gigsUserId" label="connectLinks.gigsUser" emptyText="connectLinks.newUser" />
        <FunctionField source="outcome" label="connectLinks.outcome" render={(r: ConnectLinkRecord) => <LinkOutcomeChip outcome={r.outcome} />} />
        <TextField source="callbackStatus" label="connectLinks.connectSaid" emptyText={NO_VALUE} />
        <DateTimeField source="outcomeAt" label="connectLinks.settled" emptyText={NO_VALUE} />
        <TextField source="requestId" label="connectLinks.requestId" />
      </SimpleShowLayout>
    </Show>
  );
}

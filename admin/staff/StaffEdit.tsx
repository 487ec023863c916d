import { Edit, Labeled, SaveButton, SelectInput, SimpleForm, TextInput, Toolbar, TopToolbar, required, useRecordContext } from 'react-admin';
import { Alert, Stack } from '@mui/material';
import { DateTimeField } from '../fields/index.ts';
import { ROLE_CHOICES, type StaffRecord } from './roles.ts';
import { EndSessionsButton, ResetPasswordButton, ResetSecondFactorsButton, ToggleDisabledButton } from './StaffActions.tsx';
import { SecondFactorsState } from './SecondFactorsState.tsx';
import { useT } from '../i18n/index.ts';

function EditActions() {
  return (
    <TopToolbar>
      <EndSessionsButton />
      <ResetPasswordButton />
      <ResetSecondFactorsButton />
      <ToggleDisabledButton />
    </TopToolbar>
  );
}

function DisabledNotice() {
  const record = useRecordContext<StaffRecord>();
  const t = useT();
  return record?.disabled ? <Alert severity="warning">{t('staff.disabledNotice')}</Alert> : null;
}

/** Change a member's role (their sessions end, so the new role applies at once). No delete: the audit log names them. */
export function StaffEdit() {
  return (
    <Edit mutationMode="pessimistic" actions={<EditActions />} title="staff.editTitle">
      <SimpleForm
        toolbar={
          <Toolbar>
            <SaveButton label="staff.saveRole" />
          </Toolbar>
        }
      >
        <DisabledNotice />
        <TextInput source="email" label="staff.email" disabled fullWidth helperText="staff.emailFixed" />
        <SelectInput source="role" label="staff.role" choices={ROLE_CHOICES} validate={required()} fullWidth helperText="staff.roleChange" />
        <Stack direction="row" spacing={4}>
          <Labeled label="staff.lastSeen">
            <DateTimeField source="lastSeenAt" emptyText="staff.never" />
          </Labeled>
          <Labeled label="staff.created">
            <DateTimeField source="createdAt" />
          </Labeled>
          <Labeled label="staff.secondFactor">
            <SecondFactorsState />
          </Labeled>
        </Stack>
      </SimpleForm>
    </Edit>
  );
}

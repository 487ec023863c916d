import { Edit, Labeled, SaveButton, SelectInput, SimpleForm, TextInput, Toolbar, TopToolbar, required, useRecordContext } from 'react-admin';
import { Alert, Stack } from '@mui/material';
import { DateTimeField } from '../fields/index.ts';
import { ROLE_CHOICES, type StaffRecord } from './roles.ts';
import { EndSessionsButton, ResetPasswordButton, ResetSecondFactorsButton, ToggleDisabledButton } from './StaffActions.tsx';
import { SecondFactorsState } from './SecondFactorsState.tsx';

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
  return record?.disabled ? <Alert severity="warning">This account is disabled: the member cannot sign in.</Alert> : null;
}

/** Change a member's role (their sessions end, so the new role applies at once). No delete: the audit log names them. */
export function StaffEdit() {
  return (
    <Edit mutationMode="pessimistic" actions={<EditActions />} title="Staff member">
      <SimpleForm toolbar={<Toolbar><SaveButton label="Save role" /></Toolbar>}>
        <DisabledNotice />
        <TextInput source="email" label="E-mail" disabled fullWidth helperText="E-mail addresses cannot change: create a new member instead." />
        <SelectInput source="role" label="Role" choices={ROLE_CHOICES} validate={required()} fullWidth helperText="Changing the role signs the member out everywhere." />
        <Stack direction="row" spacing={4}>
          <Labeled label="Last seen"><DateTimeField source="lastSeenAt" emptyText="never" /></Labeled>
          <Labeled label="Created"><DateTimeField source="createdAt" /></Labeled>
          <Labeled label="Second factor"><SecondFactorsState /></Labeled>
        </Stack>
      </SimpleForm>
    </Edit>
  );
}

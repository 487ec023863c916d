import { CreateButton, Datagrid, FunctionField, List, NumberField, SearchInput, SelectInput, TextField, TopToolbar } from 'react-admin';
import { Chip } from '@mui/material';
import { DateTimeField } from '../fields/index.ts';
import { formatDateTime } from '../../server/vocabulary/index.ts';
import { SecondFactorsState } from './SecondFactorsState.tsx';
import { ROLE_FILTER_CHOICES, type StaffRecord } from './roles.ts';

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Search e-mail" />,
  <SelectInput key="role" source="role" label="Role" choices={ROLE_FILTER_CHOICES} />,
  <SelectInput key="disabled" source="disabled" label="Status" choices={[{ id: false, name: 'Active' }, { id: true, name: 'Disabled' }]} />,
];

/** A pending one-time password works for 72 hours: until when, or that it has expired (an admin issues a new one). */
function OneTimePasswordState({ record }: { record: StaffRecord }) {
  if (!record.mustChangePassword || !record.oneTimePasswordExpiresAt) return <>—</>;
  if (Date.parse(record.oneTimePasswordExpiresAt) <= Date.now()) return <Chip size="small" color="warning" label="Expired" />;
  return <>until {formatDateTime(record.oneTimePasswordExpiresAt)}</>;
}

function MemberStatus({ record }: { record: StaffRecord }) {
  if (record.disabled) return <Chip size="small" color="default" label="Disabled" />;
  if (record.lockedUntil) return <Chip size="small" color="warning" label={`Locked until ${formatDateTime(record.lockedUntil)}`} />;
  return <Chip size="small" color="success" label="Active" />;
}

export function StaffList() {
  return (
    <List filters={filters} sort={{ field: 'email', order: 'ASC' }} perPage={25} actions={<TopToolbar><CreateButton label="New member" /></TopToolbar>}>
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <TextField source="email" label="E-mail" />
        <FunctionField source="role" label="Role" render={(r: StaffRecord) => <Chip size="small" label={r.role} />} />
        <FunctionField source="disabled" label="Status" render={(r: StaffRecord) => <MemberStatus record={r} />} />
        <FunctionField source="oneTimePasswordExpiresAt" label="One-time password" sortable={false} render={(r: StaffRecord) => <OneTimePasswordState record={r} />} />
        <FunctionField source="secondFactors" label="Second factor" sortable={false} render={() => <SecondFactorsState />} />
        <DateTimeField source="lastSeenAt" label="Last seen" emptyText="never" />
        <NumberField source="activeSessions" label="Sessions" sortable={false} />
      </Datagrid>
    </List>
  );
}

import { CreateButton, DataTable, List, SearchInput, SelectInput, SimpleList, TopToolbar } from 'react-admin';
import { Chip } from '@mui/material';
import { DateTimeField } from '../fields/index.ts';
import { ROLE_FILTER_CHOICES, type StaffRecord } from './roles.ts';
import { OneColumnOnPhones } from '../layout/index.ts';

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Search e-mail" />,
  <SelectInput key="role" source="role" label="Role" choices={ROLE_FILTER_CHOICES} />,
  <SelectInput key="disabled" source="disabled" label="Status" choices={[{ id: false, name: 'Active' }, { id: true, name: 'Disabled' }]} />,
];

const status = (r: StaffRecord) => (r.disabled ? <Chip size="small" color="default" label="Disabled" /> : <Chip size="small" color="success" label="Active" />);
const sessions = (r: StaffRecord) => (r.activeSessions === 1 ? '1 live session' : `${r.activeSessions} live sessions`);

export function StaffList() {
  return (
    <List filters={filters} sort={{ field: 'email', order: 'ASC' }} perPage={25} actions={<TopToolbar><CreateButton label="New member" /></TopToolbar>}>
      <OneColumnOnPhones
        phone={
          <SimpleList<StaffRecord>
            primaryText={(r) => r.email}
            secondaryText={(r) => [r.role, r.mustChangePassword ? 'password pending' : null, sessions(r)].filter(Boolean).join(' · ')}
            tertiaryText={status}
            rowClick="edit"
          />
        }
      >
        <DataTable<StaffRecord> rowClick="edit" bulkActionButtons={false}>
          <DataTable.Col source="email" label="E-mail" />
          <DataTable.Col source="role" label="Role" render={(r: StaffRecord) => <Chip size="small" label={r.role} />} />
          <DataTable.Col source="disabled" label="Status" render={status} />
          <DataTable.Col source="mustChangePassword" label="Password pending" disableSort render={(r: StaffRecord) => (r.mustChangePassword ? 'Yes' : 'No')} />
          <DataTable.Col source="lastSeenAt" label="Last seen">
            <DateTimeField source="lastSeenAt" emptyText="never" />
          </DataTable.Col>
          <DataTable.NumberCol source="activeSessions" label="Live sessions" disableSort />
        </DataTable>
      </OneColumnOnPhones>
    </List>
  );
}

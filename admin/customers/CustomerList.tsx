import { Datagrid, List, NullableBooleanInput, NumberField, SearchInput, SelectInput, TextField, TextInput, FunctionField } from 'react-admin';
import { Typography } from '@mui/material';
import { SystemChips } from './SystemChips.tsx';
import { AutoOpen } from './AutoOpen.tsx';
import { SEARCH_INPUT_ID } from './SearchShortcut.tsx';

const filters = [
  <SearchInput
    key="q"
    source="q"
    alwaysOn
    autoFocus
    id={SEARCH_INPUT_ID}
    placeholder="E-mail, name, phone, or any id"
    slotProps={{ htmlInput: { 'aria-label': 'Search customers' } }}
    sx={{ minWidth: 360 }}
  />,
  <SelectInput
    key="system"
    source="system"
    label="System"
    choices={[
      { id: 'gigs', name: 'Known to Gigs' },
      { id: 'centra', name: 'Known to Centra' },
      { id: 'both', name: 'In both' },
    ]}
  />,
  <NullableBooleanInput key="hasActive" source="hasActive" label="Has a live subscription" />,
  <TextInput key="country" source="country" label="Country (e.g. SE)" />,
];

function Empty() {
  return (
    <Typography sx={{ p: 2 }} role="status">
      No customer matches. Try part of the e-mail, the last digits of the phone number, or an id.
    </Typography>
  );
}

/** One box that finds a person by anything either system knows about them. */
export function CustomerList() {
  return (
    <List filters={filters} sort={{ field: 'name', order: 'ASC' }} perPage={25} debounce={250} empty={false} exporter={false} title="Customers">
      <AutoOpen />
      <Datagrid rowClick="show" bulkActionButtons={false} empty={<Empty />}>
        <TextField source="name" label="Name" />
        <TextField source="email" label="E-mail" />
        <FunctionField label="Phone" render={(r: { phones?: string[] }) => r.phones?.join(', ') ?? ''} sortable={false} />
        <SystemChips label="Systems" />
        <NumberField source="gigsLive" label="Gigs live" sortable={false} />
        <NumberField source="centraLive" label="Centra live" sortable={false} />
      </Datagrid>
    </List>
  );
}

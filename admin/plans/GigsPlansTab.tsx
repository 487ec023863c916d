import { BooleanInput, DataTable, List, SearchInput, SelectInput, TextInput } from 'react-admin';
import { Box, Chip } from '@mui/material';
import { PlansListActions } from './ListToolbar.tsx';
import { StatusChip } from './StatusChip.tsx';
import { formatCount, orNoValue } from '../../server/vocabulary/index.ts';
import type { GigsPlanRow } from './types.ts';

const STATUS_CHOICES = ['available', 'archived', 'pending', 'draft', 'unlisted'].map((s) => ({ id: s, name: s }));

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Plan name or id" />,
  <SelectInput key="status" source="status" label="Status" choices={STATUS_CHOICES} />,
  <TextInput key="provider" source="provider" label="Provider" />,
  <TextInput key="country" source="country" label="Covers country (e.g. DE)" />,
  <TextInput key="currency" source="currency" label="Currency (e.g. EUR)" />,
  <BooleanInput key="inUse" source="inUse" label="Has subscriptions" />,
];

/** Gigs plans with their subscriptions by status (from the index) and the add-ons made for them. */
export function GigsPlansTab() {
  return (
    <List
      resource="plans/gigs"
      title={false}
      storeKey="plans.gigs"
      disableAuthentication
      disableSyncWithLocation
      filters={filters}
      actions={<PlansListActions list="gigs" label="Gigs plans" />}
      sort={{ field: 'name', order: 'ASC' }}
      perPage={25}
      exporter={false}
      empty={false}
    >
      <DataTable rowClick={(id) => `/plans/gigs/${encodeURIComponent(String(id))}`} bulkActionButtons={false}>
        <DataTable.Col source="name" label="Plan" render={(r: GigsPlanRow) => r.name} />
        <DataTable.Col source="status" label="Status" render={(r: GigsPlanRow) => <StatusChip status={r.status} />} />
        <DataTable.Col source="price" label="Price" render={(r: GigsPlanRow) => r.priceText || '—'} />
        <DataTable.Col source="data" label="Data" render={(r: GigsPlanRow) => r.allowancesText.data || '—'} />
        <DataTable.Col source="voice" label="Voice" disableSort render={(r: GigsPlanRow) => r.allowancesText.voice || '—'} />
        <DataTable.Col source="sms" label="SMS" disableSort render={(r: GigsPlanRow) => r.allowancesText.sms || '—'} />
        <DataTable.Col source="validity" label="Validity" render={(r: GigsPlanRow) => r.validityText || '—'} />
        <DataTable.Col source="provider" label="Provider" render={(r: GigsPlanRow) => r.provider || '—'} />
        <DataTable.Col source="countries" label="Coverage" render={(r: GigsPlanRow) => (r.coverage.countries.length ? `${r.coverage.name} (${r.coverage.countries.join(', ')})` : '—')} />
        <DataTable.Col source="pending" sortByOrder="DESC" label="Pending" align="right" render={(r: GigsPlanRow) => orNoValue(formatCount(r.subscriptions.pending))} />
        <DataTable.Col source="active" sortByOrder="DESC" label="Active" align="right" render={(r: GigsPlanRow) => orNoValue(formatCount(r.subscriptions.active))} />
        <DataTable.Col source="ended" sortByOrder="DESC" label="Ended" align="right" render={(r: GigsPlanRow) => orNoValue(formatCount(r.subscriptions.ended))} />
        <DataTable.Col
          source="addons"
          label="Add-ons"
          render={(r: GigsPlanRow) =>
            r.addons.length ? (
              <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
                {r.addons.map((a) => <Chip key={a.id} size="small" label={a.name} />)}
              </Box>
            ) : '—'
          }
        />
      </DataTable>
    </List>
  );
}

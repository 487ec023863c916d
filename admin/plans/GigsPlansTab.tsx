import { BooleanInput, DataTable, List, SearchInput, SelectInput, SimpleList, TextInput } from 'react-admin';
import { Box, Chip, useMediaQuery, type Theme } from '@mui/material';
import { PlansListActions } from './ListToolbar.tsx';
import { StatusChip } from './StatusChip.tsx';
import { formatCount, orNoValue } from '../../server/vocabulary/index.ts';
import { useDetailPath } from './links.ts';
import { OneColumnOnPhones } from '../layout/index.ts';
import type { GigsPlanRow } from './types.ts';

/** Below 1536 px (a laptop) these start hidden; the Columns button shows them. All are on the plan's own page. */
const HIDDEN_ON_LAPTOPS = ['validity', 'provider', 'addons'];

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
  const detail = useDetailPath('gigs');
  const laptop = useMediaQuery<Theme>((theme) => theme.breakpoints.down('xl'));
  return (
    <List
      resource="plans/gigs"
      title={false}
      storeKey="plans.gigs"
      disableAuthentication
      filters={filters}
      actions={<PlansListActions list="gigs" label="Gigs plans" />}
      sort={{ field: 'name', order: 'ASC' }}
      perPage={25}
      exporter={false}
      empty={false}
    >
      <OneColumnOnPhones
        phone={
          <SimpleList<GigsPlanRow>
            primaryText={(r) => r.name}
            secondaryText={(r) => [r.priceText, r.allowancesText.data, r.coverage.name].filter(Boolean).join(' · ')}
            tertiaryText={(r) => <StatusChip status={r.status} />}
            rowClick={(id) => detail(id)}
          />
        }
      >
        <DataTable rowClick={(id) => detail(id)} bulkActionButtons={false} hiddenColumns={laptop ? HIDDEN_ON_LAPTOPS : []}>
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
      </OneColumnOnPhones>
    </List>
  );
}

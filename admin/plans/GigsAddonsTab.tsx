import { DataTable, List, SearchInput, SelectInput, SimpleList, TextInput, useGetList } from 'react-admin';
import { PlansListActions } from './ListToolbar.tsx';
import { StatusChip } from './StatusChip.tsx';
import { useDetailPath } from './links.ts';
import { OneColumnOnPhones } from '../layout/index.ts';
import type { GigsAddonRow, GigsPlanRow } from './types.ts';

const TYPE_CHOICES = [{ id: 'topUp', name: 'Top-up' }, { id: 'other', name: 'Other' }];
const STATUS_CHOICES = ['available', 'archived', 'draft'].map((s) => ({ id: s, name: s }));
const typeLabel = (t: string) => TYPE_CHOICES.find((c) => c.id === t)?.name ?? t;

/** Gigs add-ons: type, price, allowances, validity, and which plans they work with. */
export function GigsAddonsTab() {
  const detail = useDetailPath('gigs-addons');
  // The plan filter offers the catalogue's plans by name.
  const { data: plans } = useGetList<GigsPlanRow>('plans/gigs', { pagination: { page: 1, perPage: 200 }, sort: { field: 'name', order: 'ASC' } });
  const filters = [
    <SearchInput key="q" source="q" alwaysOn placeholder="Add-on name or id" />,
    <SelectInput key="type" source="type" label="Type" choices={TYPE_CHOICES} />,
    <SelectInput key="status" source="status" label="Status" choices={STATUS_CHOICES} />,
    <SelectInput key="planId" source="planId" label="Works with plan" choices={(plans ?? []).filter((p) => p.inCatalogue).map((p) => ({ id: p.id, name: p.name }))} />,
    <TextInput key="provider" source="provider" label="Provider" />,
  ];
  return (
    <List
      resource="plans/gigs-addons"
      title={false}
      storeKey="plans.gigs-addons"
      disableAuthentication
      filters={filters}
      actions={<PlansListActions list="gigs-addons" label="Gigs add-ons" />}
      sort={{ field: 'name', order: 'ASC' }}
      perPage={25}
      exporter={false}
      empty={false}
    >
      <OneColumnOnPhones
        phone={
          <SimpleList<GigsAddonRow>
            primaryText={(r) => r.name}
            secondaryText={(r) => [typeLabel(r.type), r.priceText, r.allowancesText.summary].filter(Boolean).join(' · ')}
            tertiaryText={(r) => <StatusChip status={r.status} />}
            rowClick={(id) => detail(id)}
          />
        }
      >
        <DataTable rowClick={(id) => detail(id)} bulkActionButtons={false}>
          <DataTable.Col source="name" label="Add-on" render={(r: GigsAddonRow) => r.name} />
          <DataTable.Col source="type" label="Type" render={(r: GigsAddonRow) => typeLabel(r.type)} />
          <DataTable.Col source="status" label="Status" render={(r: GigsAddonRow) => <StatusChip status={r.status} />} />
          <DataTable.Col source="price" label="Price" render={(r: GigsAddonRow) => r.priceText || '—'} />
          <DataTable.Col source="data" label="Allowances" render={(r: GigsAddonRow) => r.allowancesText.summary || '—'} />
          <DataTable.Col source="validity" label="Validity" render={(r: GigsAddonRow) => [r.validityText, r.recurrenceType === 'recurring' ? '' : r.recurrenceType === 'oneTime' ? '(one-time)' : ''].filter(Boolean).join(' ') || '—'} />
          <DataTable.Col source="provider" label="Provider" render={(r: GigsAddonRow) => r.provider || '—'} />
          <DataTable.Col source="plans" label="Works with" render={(r: GigsAddonRow) => r.plans.map((p) => p.name).join(', ') || '—'} />
        </DataTable>
      </OneColumnOnPhones>
    </List>
  );
}

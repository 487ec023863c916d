import { DataTable, List, SearchInput, SelectInput, SimpleList, TextInput, useGetList } from 'react-admin';
import { PlansListActions } from './ListToolbar.tsx';
import { StatusChip } from './StatusChip.tsx';
import { useDetailPath } from './links.ts';
import { OneColumnOnPhones } from '../layout/index.ts';
import { orNoValue } from '../../server/vocabulary/index.ts';
import { useFormat, useStatusWord, useT, type Translate } from '../i18n/index.ts';
import type { GigsAddonRow, GigsPlanRow } from './types.ts';

const TYPES = ['topUp', 'other'] as const;
const STATUSES = ['available', 'archived', 'draft'];

/** An add-on's type in words; one Gigs adds later is shown as it comes. */
const typeLabel = (type: string, t: Translate) =>
  (TYPES as readonly string[]).includes(type) ? t(`plans.addonTypes.${type as (typeof TYPES)[number]}`) : type;

/** Gigs add-ons: type, price, allowances, validity, and which plans they work with. */
export function GigsAddonsTab() {
  const detail = useDetailPath('gigs-addons');
  const t = useT();
  const format = useFormat();
  const statusWord = useStatusWord();
  // The plan filter offers the catalogue's plans by name.
  const { data: plans } = useGetList<GigsPlanRow>('plans/gigs', { pagination: { page: 1, perPage: 200 }, sort: { field: 'name', order: 'ASC' } });
  const filters = [
    <SearchInput key="q" source="q" alwaysOn placeholder={t('plans.addonSearch')} />,
    <SelectInput key="type" source="type" label="plans.type" choices={TYPES.map((id) => ({ id, name: typeLabel(id, t) }))} translateChoice={false} />,
    <SelectInput key="status" source="status" label="plans.status" choices={STATUSES.map((s) => ({ id: s, name: statusWord(s) }))} translateChoice={false} />,
    <SelectInput
      key="planId"
      source="planId"
      label="plans.worksWithPlan"
      choices={(plans ?? []).filter((p) => p.inCatalogue).map((p) => ({ id: p.id, name: p.name }))}
      translateChoice={false}
    />,
    <TextInput key="provider" source="provider" label="plans.provider" />,
  ];
  const validity = (r: GigsAddonRow) => [format.validity(r.validity), r.recurrenceType === 'oneTime' ? t('plans.oneTime') : ''].filter(Boolean).join(' ');
  return (
    <List
      resource="plans/gigs-addons"
      title={false}
      storeKey="plans.gigs-addons"
      disableAuthentication
      filters={filters}
      actions={<PlansListActions list="gigs-addons" />}
      sort={{ field: 'name', order: 'ASC' }}
      perPage={25}
      exporter={false}
      empty={false}
    >
      <OneColumnOnPhones
        phone={
          <SimpleList<GigsAddonRow>
            primaryText={(r) => r.name}
            secondaryText={(r) => [typeLabel(r.type, t), format.money(r.price), format.allowances(r.allowances).summary].filter(Boolean).join(' · ')}
            tertiaryText={(r) => <StatusChip status={r.status} />}
            rowClick={(id) => detail(id)}
          />
        }
      >
        <DataTable rowClick={(id) => detail(id)} bulkActionButtons={false}>
          <DataTable.Col source="name" label="plans.columns.addon" render={(r: GigsAddonRow) => r.name} />
          <DataTable.Col source="type" label="plans.columns.type" render={(r: GigsAddonRow) => typeLabel(r.type, t)} />
          <DataTable.Col source="status" label="plans.columns.status" render={(r: GigsAddonRow) => <StatusChip status={r.status} />} />
          <DataTable.Col source="price" label="plans.columns.price" render={(r: GigsAddonRow) => orNoValue(format.money(r.price))} />
          <DataTable.Col source="data" label="plans.columns.allowances" render={(r: GigsAddonRow) => orNoValue(format.allowances(r.allowances).summary)} />
          <DataTable.Col source="validity" label="plans.columns.validity" render={(r: GigsAddonRow) => orNoValue(validity(r))} />
          <DataTable.Col source="provider" label="plans.columns.provider" render={(r: GigsAddonRow) => orNoValue(r.provider)} />
          <DataTable.Col source="plans" label="plans.columns.worksWith" render={(r: GigsAddonRow) => orNoValue(r.plans.map((p) => p.name).join(', '))} />
        </DataTable>
      </OneColumnOnPhones>
    </List>
  );
}

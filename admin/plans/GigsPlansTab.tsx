import { BooleanInput, DataTable, List, SearchInput, SelectInput, SimpleList, TextInput } from 'react-admin';
import { Box, Chip, useMediaQuery, type Theme } from '@mui/material';
import { PlansListActions } from './ListToolbar.tsx';
import { StatusChip } from './StatusChip.tsx';
import { NO_VALUE, orNoValue } from '../../server/vocabulary/index.ts';
import { useDetailPath } from './links.ts';
import { OneColumnOnPhones } from '../layout/index.ts';
import { useFormat, useStatusWord, useT } from '../i18n/index.ts';
import type { GigsPlanRow } from './types.ts';

/** Below 1536 px (a laptop) these start hidden; the Columns button shows them. All are on the plan's own page. */
const HIDDEN_ON_LAPTOPS = ['validity', 'provider', 'addons'];

const STATUSES = ['available', 'archived', 'pending', 'draft', 'unlisted'];

function useFilters() {
  const statusWord = useStatusWord();
  const t = useT();
  return [
    <SearchInput key="q" source="q" alwaysOn placeholder={t('plans.planSearch')} />,
    <SelectInput key="status" source="status" label="plans.status" choices={STATUSES.map((s) => ({ id: s, name: statusWord(s) }))} translateChoice={false} />,
    <TextInput key="provider" source="provider" label="plans.provider" />,
    <TextInput key="country" source="country" label="plans.coversCountry" />,
    <TextInput key="currency" source="currency" label="plans.currency" />,
    <BooleanInput key="inUse" source="inUse" label="plans.inUse" />,
  ];
}

/** Gigs plans with their subscriptions by status (from the index) and the add-ons made for them. */
export function GigsPlansTab() {
  const detail = useDetailPath('gigs');
  const laptop = useMediaQuery<Theme>((theme) => theme.breakpoints.down('xl'));
  const t = useT();
  const format = useFormat();
  const allowances = (r: GigsPlanRow) => format.allowances(r.allowances);
  const count = (n: number) => orNoValue(format.count(n));
  return (
    <List
      resource="plans/gigs"
      title={false}
      storeKey="plans.gigs"
      disableAuthentication
      filters={useFilters()}
      actions={<PlansListActions list="gigs" />}
      sort={{ field: 'name', order: 'ASC' }}
      perPage={25}
      exporter={false}
      empty={false}
    >
      <OneColumnOnPhones
        phone={
          <SimpleList<GigsPlanRow>
            primaryText={(r) => r.name}
            secondaryText={(r) => [format.money(r.price), allowances(r).data, r.coverage.name].filter(Boolean).join(' · ')}
            tertiaryText={(r) => <StatusChip status={r.status} />}
            rowClick={(id) => detail(id)}
          />
        }
      >
        <DataTable rowClick={(id) => detail(id)} bulkActionButtons={false} hiddenColumns={laptop ? HIDDEN_ON_LAPTOPS : []}>
          <DataTable.Col source="name" label="plans.columns.plan" render={(r: GigsPlanRow) => r.name} />
          <DataTable.Col source="status" label="plans.columns.status" render={(r: GigsPlanRow) => <StatusChip status={r.status} />} />
          <DataTable.Col source="price" label="plans.columns.price" render={(r: GigsPlanRow) => orNoValue(format.money(r.price))} />
          <DataTable.Col source="data" label="plans.columns.data" render={(r: GigsPlanRow) => orNoValue(allowances(r).data)} />
          <DataTable.Col source="voice" label="plans.columns.voice" disableSort render={(r: GigsPlanRow) => orNoValue(allowances(r).voice)} />
          <DataTable.Col source="sms" label="plans.columns.sms" disableSort render={(r: GigsPlanRow) => orNoValue(allowances(r).sms)} />
          <DataTable.Col source="validity" label="plans.columns.validity" render={(r: GigsPlanRow) => orNoValue(format.validity(r.validity))} />
          <DataTable.Col source="provider" label="plans.columns.provider" render={(r: GigsPlanRow) => orNoValue(r.provider)} />
          <DataTable.Col
            source="countries"
            label="plans.columns.coverage"
            render={(r: GigsPlanRow) =>
              r.coverage.countries.length ? t('plans.coverageLine', { name: r.coverage.name, countries: r.coverage.countries.join(', ') }) : NO_VALUE
            }
          />
          <DataTable.Col
            source="pending"
            sortByOrder="DESC"
            label="plans.columns.pending"
            align="right"
            render={(r: GigsPlanRow) => count(r.subscriptions.pending)}
          />
          <DataTable.Col
            source="active"
            sortByOrder="DESC"
            label="plans.columns.active"
            align="right"
            render={(r: GigsPlanRow) => count(r.subscriptions.active)}
          />
          <DataTable.Col
            source="ended"
            sortByOrder="DESC"
            label="plans.columns.ended"
            align="right"
            render={(r: GigsPlanRow) => count(r.subscriptions.ended)}
          />
          <DataTable.Col
            source="addons"
            label="plans.columns.addons"
            render={(r: GigsPlanRow) =>
              r.addons.length ? (
                <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
                  {r.addons.map((a) => (
                    <Chip key={a.id} size="small" label={a.name} />
                  ))}
                </Box>
              ) : (
                NO_VALUE
              )
            }
          />
        </DataTable>
      </OneColumnOnPhones>
    </List>
  );
}

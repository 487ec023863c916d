import { BooleanInput, DataTable, List, SearchInput, SelectInput, SimpleList, useGetList } from 'react-admin';
import { Box, Chip, Tooltip, Typography } from '@mui/material';
import { PlansListActions } from './ListToolbar.tsx';
import { formatCount, formatPercent, orNoValue } from '../../server/vocabulary/index.ts';
import { useDetailPath } from './links.ts';
import { OneColumnOnPhones } from '../layout/index.ts';
import type { CentraPlanRow, CentraProductRow } from './types.ts';

const INTERVAL_CHOICES = ['day', 'week', 'month', 'year'].map((s) => ({ id: s, name: s }));

/** Centra's subscription plans with active/paused/cancelled counts and the average discount given. */
function CentraPlans() {
  const detail = useDetailPath('centra');
  return (
    <List
      resource="plans/centra"
      title={false}
      storeKey="plans.centra"
      disableAuthentication
      filters={[
        <SearchInput key="q" source="q" alwaysOn placeholder="Plan name or id" />,
        <SelectInput key="intervalType" source="intervalType" label="Interval" choices={INTERVAL_CHOICES} />,
        <BooleanInput key="inUse" source="inUse" label="Has subscriptions" />,
      ]}
      actions={<PlansListActions list="centra" label="Centra subscription plans" />}
      sort={{ field: 'id', order: 'ASC' }}
      perPage={25}
      exporter={false}
      empty={false}
    >
      <OneColumnOnPhones
        phone={
          <SimpleList<CentraPlanRow>
            primaryText={(r) => `${r.name}${r.inCatalogue ? '' : ' ⚠'}`}
            secondaryText={(r) => [r.intervalText, `${orNoValue(formatPercent(r.discountPercent))} off`].filter(Boolean).join(' · ')}
            tertiaryText={(r) => `${orNoValue(formatCount(r.subscriptions.active))} active`}
            rowClick={(id) => detail(id)}
          />
        }
      >
        <DataTable rowClick={(id) => detail(id)} bulkActionButtons={false}>
          <DataTable.Col source="name" label="Plan" render={(r: CentraPlanRow) => (r.inCatalogue ? r.name : <Tooltip title="Subscriptions still on it; no product offers it now"><span>{r.name} ⚠</span></Tooltip>)} />
          <DataTable.Col source="interval" label="Interval" render={(r: CentraPlanRow) => r.intervalText || '—'} />
          <DataTable.Col source="discount" label="Discount" render={(r: CentraPlanRow) => `${orNoValue(formatPercent(r.discountPercent))}${r.discountVaries ? ' (varies)' : ''}`} />
          <DataTable.Col source="products" sortByOrder="DESC" label="Products" align="right" render={(r: CentraPlanRow) => r.products.length} />
          <DataTable.Col source="active" sortByOrder="DESC" label="Active" align="right" render={(r: CentraPlanRow) => orNoValue(formatCount(r.subscriptions.active))} />
          <DataTable.Col source="paused" sortByOrder="DESC" label="Paused" align="right" render={(r: CentraPlanRow) => orNoValue(formatCount(r.subscriptions.paused))} />
          <DataTable.Col source="cancelled" sortByOrder="DESC" label="Cancelled" align="right" render={(r: CentraPlanRow) => orNoValue(formatCount(r.subscriptions.cancelled))} />
          <DataTable.Col source="averageDiscount" sortByOrder="DESC" label="Average discount" align="right" render={(r: CentraPlanRow) => orNoValue(formatPercent(r.subscriptions.averageDiscount))} />
        </DataTable>
      </OneColumnOnPhones>
    </List>
  );
}

/** Products down, plans across: each cell says the interval and discount that product is sold at. */
function ProductMatrix() {
  const detail = useDetailPath('centra-products');
  const { data: plans } = useGetList<CentraPlanRow>('plans/centra', { pagination: { page: 1, perPage: 200 }, sort: { field: 'id', order: 'ASC' }, filter: { inCatalogue: true } });
  const columns = plans ?? [];
  return (
    <List
      resource="plans/centra-products"
      title={false}
      storeKey="plans.centra-products"
      disableAuthentication
      // One list per page can keep its filter in the URL: the plans above do.
      disableSyncWithLocation
      filters={[
        <SearchInput key="q" source="q" alwaysOn placeholder="Product, id or item" />,
        <SelectInput key="planId" source="planId" label="In plan" choices={columns.map((p) => ({ id: p.id, name: p.name }))} />,
        <BooleanInput key="inNoPlan" source="inNoPlan" label="In no plan" />,
      ]}
      actions={<PlansListActions list="centra-products" label="Centra products by plan" />}
      sort={{ field: 'id', order: 'ASC' }}
      perPage={25}
      exporter={false}
      empty={false}
    >
      <OneColumnOnPhones
        phone={
          <SimpleList<CentraProductRow>
            primaryText={(r) => r.name}
            secondaryText={(r) => (r.inNoPlan ? 'In no plan' : r.plans.map((c) => `${c.name}: ${c.intervalText}, ${orNoValue(formatPercent(c.discountPercent))} off`).join(' · '))}
            rowClick={(id) => detail(id)}
          />
        }
      >
        <DataTable rowClick={(id) => detail(id)} bulkActionButtons={false}>
          <DataTable.Col
            source="name"
            label="Product"
            render={(r: CentraProductRow) => (
              <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
                {r.name}
                {r.inNoPlan && <Chip size="small" color="warning" label="In no plan" />}
              </Box>
            )}
          />
          <DataTable.Col source="items" label="Items" render={(r: CentraProductRow) => r.items.map((i) => i.sizeName || i.item).join(', ')} />
          {columns.map((p) => (
            <DataTable.Col
              key={p.id}
              source={`plan_${p.id}`}
              label={<Link planId={p.id} name={p.name} />}
              disableSort
              render={(r: CentraProductRow) => {
                const c = r.plans.find((x) => x.planId === p.id);
                return c ? <span>{c.intervalText}<br /><Typography component="span" variant="caption" color="text.secondary">{orNoValue(formatPercent(c.discountPercent))} off</Typography></span> : <span aria-label="not in this plan">—</span>;
              }}
            />
          ))}
        </DataTable>
      </OneColumnOnPhones>
    </List>
  );
}

function Link({ planId, name }: { planId: string; name: string }) {
  return <a href={`#/plans/centra/${encodeURIComponent(planId)}`}>{name}</a>;
}

export function CentraTab() {
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 3 }}>
      <section aria-labelledby="centra-plans-heading">
        <Typography id="centra-plans-heading" variant="h6" component="h2">Subscription plans</Typography>
        <CentraPlans />
      </section>
      <section aria-labelledby="centra-matrix-heading">
        <Typography id="centra-matrix-heading" variant="h6" component="h2">Products × plans</Typography>
        <ProductMatrix />
      </section>
    </Box>
  );
}

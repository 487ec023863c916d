import { BooleanInput, DataTable, List, SearchInput, SelectInput, SimpleList, useGetList } from 'react-admin';
import { Box, Chip, Tooltip, Typography } from '@mui/material';
import { PlansListActions } from './ListToolbar.tsx';
import { NO_VALUE, orNoValue } from '../../server/vocabulary/index.ts';
import { useDetailPath } from './links.ts';
import { OneColumnOnPhones } from '../layout/index.ts';
import { useFormat, useT } from '../i18n/index.ts';
import type { CentraPlanRow, CentraProductRow } from './types.ts';

const INTERVALS = ['day', 'week', 'month', 'year'];

/** A plan's interval in the reader's words, from its type and value. */
function useIntervalOf() {
  const format = useFormat();
  return (p: { intervalType: string; intervalValue: number | null }) =>
    p.intervalType && p.intervalValue !== null ? format.interval({ type: p.intervalType, value: p.intervalValue }) : '';
}

/** Centra's subscription plans with active/paused/cancelled counts and the average discount given. */
function CentraPlans() {
  const detail = useDetailPath('centra');
  const t = useT();
  const format = useFormat();
  const intervalOf = useIntervalOf();
  const count = (n: number) => orNoValue(format.count(n));
  const discount = (points: number | null) => orNoValue(format.percent(points));
  return (
    <List
      resource="plans/centra"
      title={false}
      storeKey="plans.centra"
      disableAuthentication
      filters={[
        <SearchInput key="q" source="q" alwaysOn placeholder={t('plans.planSearch')} />,
        // Each interval as its words say it once ("every week").
        <SelectInput
          key="intervalType"
          source="intervalType"
          label="plans.interval"
          choices={INTERVALS.map((id) => ({ id, name: format.interval({ type: id, value: 1 }) }))}
          translateChoice={false}
        />,
        <BooleanInput key="inUse" source="inUse" label="plans.inUse" />,
      ]}
      actions={<PlansListActions list="centra" />}
      sort={{ field: 'id', order: 'ASC' }}
      perPage={25}
      exporter={false}
      empty={false}
    >
      <OneColumnOnPhones
        phone={
          <SimpleList<CentraPlanRow>
            primaryText={(r) => `${r.name}${r.inCatalogue ? '' : ' ⚠'}`}
            secondaryText={(r) => [intervalOf(r), t('plans.percentOff', { percent: discount(r.discountPercent) })].filter(Boolean).join(' · ')}
            tertiaryText={(r) => t('plans.activeCount', { count: count(r.subscriptions.active) })}
            rowClick={(id) => detail(id)}
          />
        }
      >
        <DataTable rowClick={(id) => detail(id)} bulkActionButtons={false}>
          <DataTable.Col
            source="name"
            label="plans.columns.centraPlan"
            render={(r: CentraPlanRow) =>
              r.inCatalogue ? (
                r.name
              ) : (
                <Tooltip title={t('plans.notInPlanNow')}>
                  <span>{r.name} ⚠</span>
                </Tooltip>
              )
            }
          />
          <DataTable.Col source="interval" label="plans.columns.interval" render={(r: CentraPlanRow) => orNoValue(intervalOf(r))} />
          <DataTable.Col
            source="discount"
            label="plans.columns.discount"
            render={(r: CentraPlanRow) => (r.discountVaries ? t('plans.varies', { discount: discount(r.discountPercent) }) : discount(r.discountPercent))}
          />
          <DataTable.Col source="products" sortByOrder="DESC" label="plans.columns.products" align="right" render={(r: CentraPlanRow) => r.products.length} />
          <DataTable.Col
            source="active"
            sortByOrder="DESC"
            label="plans.columns.active"
            align="right"
            render={(r: CentraPlanRow) => count(r.subscriptions.active)}
          />
          <DataTable.Col
            source="paused"
            sortByOrder="DESC"
            label="plans.columns.paused"
            align="right"
            render={(r: CentraPlanRow) => count(r.subscriptions.paused)}
          />
          <DataTable.Col
            source="cancelled"
            sortByOrder="DESC"
            label="plans.columns.cancelled"
            align="right"
            render={(r: CentraPlanRow) => count(r.subscriptions.cancelled)}
          />
          <DataTable.Col
            source="averageDiscount"
            sortByOrder="DESC"
            label="plans.columns.averageDiscount"
            align="right"
            render={(r: CentraPlanRow) => discount(r.subscriptions.averageDiscount)}
          />
        </DataTable>
      </OneColumnOnPhones>
    </List>
  );
}

/** Products down, plans across: each cell says the interval and discount that product is sold at. */
function ProductMatrix() {
  const detail = useDetailPath('centra-products');
  const t = useT();
  const format = useFormat();
  const intervalOf = useIntervalOf();
  const discount = (points: number | null) => orNoValue(format.percent(points));
  const { data: plans } = useGetList<CentraPlanRow>('plans/centra', {
    pagination: { page: 1, perPage: 200 },
    sort: { field: 'id', order: 'ASC' },
    filter: { inCatalogue: true },
  });
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
        <SearchInput key="q" source="q" alwaysOn placeholder={t('plans.productSearch')} />,
        <SelectInput key="planId" source="planId" label="plans.inPlan" choices={columns.map((p) => ({ id: p.id, name: p.name }))} translateChoice={false} />,
        <BooleanInput key="inNoPlan" source="inNoPlan" label="plans.inNoPlan" />,
      ]}
      actions={<PlansListActions list="centra-products" />}
      sort={{ field: 'id', order: 'ASC' }}
      perPage={25}
      exporter={false}
      empty={false}
    >
      <OneColumnOnPhones
        phone={
          <SimpleList<CentraProductRow>
            primaryText={(r) => r.name}
            secondaryText={(r) =>
              r.inNoPlan
                ? t('plans.inNoPlan')
                : r.plans.map((c) => t('plans.planCell', { name: c.name, interval: intervalOf(c), discount: discount(c.discountPercent) })).join(' · ')
            }
            rowClick={(id) => detail(id)}
          />
        }
      >
        <DataTable rowClick={(id) => detail(id)} bulkActionButtons={false}>
          <DataTable.Col
            source="name"
            label="plans.columns.product"
            render={(r: CentraProductRow) => (
              <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
                {r.name}
                {r.inNoPlan && <Chip size="small" color="warning" label={t('plans.inNoPlan')} />}
              </Box>
            )}
          />
          <DataTable.Col source="items" label="plans.columns.items" render={(r: CentraProductRow) => r.items.map((i) => i.sizeName || i.item).join(', ')} />
          {columns.map((p) => (
            <DataTable.Col
              key={p.id}
              source={`plan_${p.id}`}
              label={<Link planId={p.id} name={p.name} />}
              disableSort
              render={(r: CentraProductRow) => {
                const c = r.plans.find((x) => x.planId === p.id);
                return c ? (
                  <span>
                    {intervalOf(c)}
                    <br />
                    <Typography component="span" variant="caption" color="text.secondary">
                      {t('plans.percentOff', { percent: discount(c.discountPercent) })}
                    </Typography>
                  </span>
                ) : (
                  <span role="img" aria-label={t('plans.notInThisPlan')}>
                    {NO_VALUE}
                  </span>
                );
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
  const t = useT();
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 3 }}>
      <section aria-labelledby="centra-plans-heading">
        <Typography id="centra-plans-heading" variant="h6" component="h2">
          {t('plans.subscriptionPlans')}
        </Typography>
        <CentraPlans />
      </section>
      <section aria-labelledby="centra-matrix-heading">
        <Typography id="centra-matrix-heading" variant="h6" component="h2">
          {t('plans.matrix')}
        </Typography>
        <ProductMatrix />
      </section>
    </Box>
  );
}

import { useEffect, type KeyboardEvent, type MouseEvent } from 'react';
import { DataTable, Link, List, NullableBooleanInput, SelectInput, SimpleList, TextInput, useListContext } from 'react-admin';
import { Box, Typography } from '@mui/material';
import { visuallyHidden } from '@mui/utils';
import { SystemChips } from './SystemChips.tsx';
import { AutoOpen } from './AutoOpen.tsx';
import { focusSearchBox, resultLinks, SEARCH_RESULTS_ID, useCustomerSearch } from './CustomerSearch.tsx';
import type { CustomerListRecord } from './types.ts';
import { OneColumnOnPhones } from '../layout/index.ts';
import { useFormat, useT } from '../i18n/index.ts';

const filters = [
  <SelectInput
    key="system"
    source="system"
    label="customerList.system"
    choices={[
      { id: 'gigs', name: 'customerList.knownToGigs' },
      { id: 'centra', name: 'customerList.knownToCentra' },
      { id: 'both', name: 'customerList.inBoth' },
    ]}
  />,
  <NullableBooleanInput key="hasActive" source="hasActive" label="customerList.hasLive" />,
  <TextInput key="country" source="country" label="customerList.country" />,
];

const showPath = (r: CustomerListRecord) => `/customers/${encodeURIComponent(r.id)}/show`;
const phones = (r: CustomerListRecord) => r.phones.join(', ');

function Empty() {
  const t = useT();
  return (
    <Typography sx={{ p: 2 }} role="status">
      {t('search.noMatch')}
    </Typography>
  );
}

/** Arrow keys move between the result links; above the first, back to the search box. */
function onResultsKeyDown(e: KeyboardEvent) {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const links = resultLinks();
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  if (at < 0) return;
  e.preventDefault();
  if (e.key === 'ArrowDown') links[at + 1]?.focus();
  else if (at === 0) focusSearchBox();
  else links[at - 1]!.focus();
}

/** How many results, said to screen readers as they change. */
function ResultCount() {
  const { total, isPending } = useListContext();
  const { query } = useCustomerSearch();
  const t = useT();
  const format = useFormat();
  if (!query || isPending) return null;
  return (
    <Box role="status" sx={visuallyHidden}>
      {t('search.found', { smart_count: total ?? 0, count: format.count(total ?? 0) })}
    </Box>
  );
}

function Results() {
  const t = useT();
  return (
    <Box id={SEARCH_RESULTS_ID} onKeyDown={onResultsKeyDown}>
      <ResultCount />
      <OneColumnOnPhones
        phone={
          <SimpleList<CustomerListRecord>
            primaryText={(r) => r.name ?? r.email ?? r.id}
            secondaryText={(r) => [r.email, phones(r)].filter(Boolean).join(' · ')}
            tertiaryText={(r) => (r.gigsLive + r.centraLive ? t('customerList.live', { count: r.gigsLive + r.centraLive }) : '')}
            rowClick="show"
            empty={<Empty />}
          />
        }
      >
        <DataTable<CustomerListRecord> rowClick="show" bulkActionButtons={false} empty={<Empty />}>
          <DataTable.Col
            source="name"
            label="customerList.name"
            render={(r: CustomerListRecord) => (
              // A real link: reachable by Tab, opened by Enter or the arrow keys from the search box.
              <Link to={showPath(r)} onClick={(e: MouseEvent) => e.stopPropagation()}>
                {r.name ?? r.email ?? r.id}
              </Link>
            )}
          />
          <DataTable.Col source="email" label="customerList.email" />
          <DataTable.Col label="customerList.phone" disableSort render={phones} />
          <DataTable.Col label="customerList.systems" disableSort>
            <SystemChips />
          </DataTable.Col>
          <DataTable.NumberCol source="gigsLive" label="customerList.gigsLive" disableSort />
          <DataTable.NumberCol source="centraLive" label="customerList.centraLive" disableSort />
        </DataTable>
      </OneColumnOnPhones>
    </Box>
  );
}

/** The results of the app bar's search box (any e-mail, name, phone or id either system knows), with filters. */
export function CustomerList() {
  const { query } = useCustomerSearch();
  useEffect(() => {
    // Arriving here (support's start page, or back from a customer) is arriving to search.
    if (document.activeElement === document.body) focusSearchBox();
  }, []);
  return (
    <List
      filter={query ? { q: query } : {}}
      filters={filters}
      sort={{ field: 'name', order: 'ASC' }}
      perPage={25}
      empty={false}
      exporter={false}
      title="customerList.title"
    >
      <AutoOpen />
      <Results />
    </List>
  );
}

import { BooleanInput, DataTable, DateInput, List, SearchInput, SelectInput, SimpleList, TextInput, useListContext } from 'react-admin';
import { AuditListActions } from './AuditToolbar.tsx';
import { QuickFilters } from './QuickFilters.tsx';
import { DailyChart } from './DailyChart.tsx';
import { OutcomeChip } from './OutcomeChip.tsx';
import { CustomerRef } from './CustomerRef.tsx';
import { OneColumnOnPhones } from '../layout/index.ts';
import { FILTER_OUTCOMES, type AuditRecord } from './types.ts';
import { NO_VALUE } from '../../server/vocabulary/index.ts';
import { useFormat, useOutcomes, useT } from '../i18n/index.ts';

function useFilters() {
  const t = useT();
  const outcomes = useOutcomes();
  return [
    <SearchInput key="q" source="q" alwaysOn placeholder={t('audit.search')} />,
    <TextInput key="actorEmail" source="actorEmail" label="audit.filters.actorEmail" />,
    <TextInput key="actorId" source="actorId" label="audit.filters.actorId" />,
    <TextInput key="action" source="action" label="audit.filters.action" helperText="audit.filters.actionHelp" />,
    <TextInput key="customerId" source="customerId" label="audit.filters.customerId" />,
    <TextInput key="targetType" source="targetType" label="audit.filters.targetType" />,
    <TextInput key="targetId" source="targetId" label="audit.filters.targetId" />,
    <SelectInput key="outcome" source="outcome" label="audit.filters.outcome" choices={outcomes.choices('audit', FILTER_OUTCOMES)} translateChoice={false} />,
    <DateInput key="time_gte" source="time_gte" label="audit.filters.from" />,
    <DateInput key="time_lte" source="time_lte" label="audit.filters.to" />,
    <TextInput key="requestId" source="requestId" label="audit.filters.requestId" />,
    <BooleanInput key="pending" source="pending" label="audit.filters.pending" />,
  ];
}

function Rows() {
  const { filterValues } = useListContext();
  const format = useFormat();
  const pendingView = (filterValues as { pending?: boolean })?.pending === true;
  const outcome = (r: AuditRecord) => <OutcomeChip outcome={r.outcome} pending={pendingView && r.outcome === 'requested'} />;
  return (
    <OneColumnOnPhones
      phone={
        <SimpleList<AuditRecord>
          primaryText={(r) => `#${r.seq} ${r.action}`}
          secondaryText={(r) =>
            [format.dateTime(r.time), r.actorEmail ?? r.actorType, r.customerId ? (r.customerName ?? r.customerId) : null].filter(Boolean).join(' · ')
          }
          tertiaryText={outcome}
          rowClick="show"
        />
      }
    >
      <DataTable rowClick="show" bulkActionButtons={false} hiddenColumns={['ip', 'requestId', 'actorRole']}>
        <DataTable.Col source="seq" label="audit.columns.seq" />
        <DataTable.Col
          source="time"
          label="audit.columns.when"
          render={(r: AuditRecord) => <span style={{ whiteSpace: 'nowrap' }}>{format.dateTime(r.time)}</span>}
        />
        <DataTable.Col source="actorEmail" label="audit.columns.who" disableSort render={(r: AuditRecord) => r.actorEmail ?? r.actorType} />
        <DataTable.Col source="actorRole" label="audit.columns.role" disableSort />
        <DataTable.Col source="action" label="audit.columns.action" disableSort />
        <DataTable.Col
          source="targetId"
          label="audit.columns.target"
          disableSort
          render={(r: AuditRecord) => (r.targetType ? (r.targetId && r.targetId !== r.customerId ? `${r.targetType} ${r.targetId}` : r.targetType) : NO_VALUE)}
        />
        <DataTable.Col
          source="customerId"
          label="audit.columns.customer"
          disableSort
          render={(r: AuditRecord) => (r.customerId ? <CustomerRef id={r.customerId} name={r.customerName} /> : NO_VALUE)}
        />
        <DataTable.Col source="outcome" label="audit.columns.outcome" disableSort render={outcome} />
        <DataTable.Col source="ip" label="audit.columns.ip" disableSort />
        <DataTable.Col source="requestId" label="audit.columns.requestId" disableSort />
      </DataTable>
    </OneColumnOnPhones>
  );
}

/** The auditors' list: filters, quick filters, chosen columns, server-side paging and sorting only. */
export function AuditList() {
  return (
    <>
      <DailyChart />
      <List
        title="audit.title"
        filters={useFilters()}
        actions={<AuditListActions />}
        sort={{ field: 'seq', order: 'DESC' }}
        perPage={25}
        exporter={false}
        disableSyncWithLocation={false}
      >
        <QuickFilters />
        <Rows />
      </List>
    </>
  );
}

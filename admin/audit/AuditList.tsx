import { BooleanInput, DataTable, DateInput, List, SearchInput, SelectInput, SimpleList, TextInput, useListContext } from 'react-admin';
import { AuditListActions } from './AuditToolbar.tsx';
import { QuickFilters } from './QuickFilters.tsx';
import { DailyChart } from './DailyChart.tsx';
import { OutcomeChip } from './OutcomeChip.tsx';
import { CustomerRef } from './CustomerRef.tsx';
import { OneColumnOnPhones } from '../layout/index.ts';
import { FILTER_OUTCOMES, type AuditRecord } from './types.ts';
import { useOutcomes } from '../i18n/index.ts';
import { formatDateTime } from '../../server/vocabulary/index.ts';

function useFilters() {
  const outcomes = useOutcomes();
  return [
  <SearchInput key="q" source="q" alwaysOn placeholder="Request, customer name or e-mail, action or #" />,
  <TextInput key="actorEmail" source="actorEmail" label="Actor e-mail" />,
  <TextInput key="actorId" source="actorId" label="Actor id" />,
  <TextInput key="action" source="action" label="Action" helperText="Exact, or a prefix such as centra.* or customer.*" />,
  <TextInput key="customerId" source="customerId" label="Customer id" />,
  <TextInput key="targetType" source="targetType" label="Target type" />,
  <TextInput key="targetId" source="targetId" label="Target id" />,
  <SelectInput key="outcome" source="outcome" label="Outcome" choices={outcomes.choices('audit', FILTER_OUTCOMES)} translateChoice={false} />,
  <DateInput key="time_gte" source="time_gte" label="From (UTC)" />,
  <DateInput key="time_lte" source="time_lte" label="To (UTC)" />,
  <TextInput key="requestId" source="requestId" label="Request id" />,
  <BooleanInput key="pending" source="pending" label="Outcome unknown" />,
  ];
}

function Rows() {
  const { filterValues } = useListContext();
  const pendingView = (filterValues as { pending?: boolean })?.pending === true;
  const outcome = (r: AuditRecord) => <OutcomeChip outcome={r.outcome} pending={pendingView && r.outcome === 'requested'} />;
  return (
    <OneColumnOnPhones
      phone={
        <SimpleList<AuditRecord>
          primaryText={(r) => `#${r.seq} ${r.action}`}
          secondaryText={(r) => [formatDateTime(r.time), r.actorEmail ?? r.actorType, r.customerId ? (r.customerName ?? r.customerId) : null].filter(Boolean).join(' · ')}
          tertiaryText={outcome}
          rowClick="show"
        />
      }
    >
      <DataTable rowClick="show" bulkActionButtons={false} hiddenColumns={['ip', 'requestId', 'actorRole']}>
        <DataTable.Col source="seq" label="#" />
        <DataTable.Col source="time" label="When" render={(r: AuditRecord) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.time)}</span>} />
        <DataTable.Col source="actorEmail" label="Who" disableSort render={(r: AuditRecord) => r.actorEmail ?? r.actorType} />
        <DataTable.Col source="actorRole" label="Role" disableSort />
        <DataTable.Col source="action" label="Action" disableSort />
        <DataTable.Col source="targetId" label="Target" disableSort render={(r: AuditRecord) => (r.targetType ? (r.targetId && r.targetId !== r.customerId ? `${r.targetType} ${r.targetId}` : r.targetType) : '—')} />
        <DataTable.Col
          source="customerId"
          label="Customer"
          disableSort
          render={(r: AuditRecord) => (r.customerId ? <CustomerRef id={r.customerId} name={r.customerName} /> : '—')}
        />
        <DataTable.Col source="outcome" label="Outcome" disableSort render={outcome} />
        <DataTable.Col source="ip" label="IP" disableSort />
        <DataTable.Col source="requestId" label="Request id" disableSort />
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
        title="Audit log"
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

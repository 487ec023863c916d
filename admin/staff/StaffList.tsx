import { CreateButton, DataTable, List, SearchInput, SelectInput, SimpleList, TopToolbar } from 'react-admin';
import { Chip } from '@mui/material';
import { DateTimeField } from '../fields/index.ts';
import { SecondFactorsState } from './SecondFactorsState.tsx';
import { ROLE_FILTER_CHOICES, type StaffRecord } from './roles.ts';
import type { Role } from '../../server/vocabulary/roles.ts';
import { OneColumnOnPhones } from '../layout/index.ts';
import { useFormat, useT, type Translate } from '../i18n/index.ts';

const filters = (t: Translate) => [
  <SearchInput key="q" source="q" alwaysOn placeholder={t('staff.search')} />,
  <SelectInput key="role" source="role" label="staff.role" choices={ROLE_FILTER_CHOICES} />,
  <SelectInput
    key="disabled"
    source="disabled"
    label="staff.status"
    choices={[
      { id: false, name: 'staff.active' },
      { id: true, name: 'staff.disabled' },
    ]}
  />,
  <SelectInput
    key="locked"
    source="locked"
    label="staff.lock"
    choices={[
      { id: true, name: 'staff.locked' },
      { id: false, name: 'staff.notLocked' },
    ]}
  />,
];

/** A pending one-time password works for 72 hours: until when, or that it has expired (an admin issues a new one). */
function OneTimePasswordState({ record }: { record: StaffRecord }) {
  const t = useT();
  const format = useFormat();
  if (!record.mustChangePassword) return <>{t('staff.no')}</>;
  if (!record.oneTimePasswordExpiresAt) return <>{t('staff.yes')}</>;
  if (Date.parse(record.oneTimePasswordExpiresAt) <= Date.now()) return <Chip size="small" color="warning" label={t('staff.otpExpired')} />;
  return <>{t('staff.otpUntil', { time: format.dateTime(record.oneTimePasswordExpiresAt) })}</>;
}

/** Active, disabled, or locked by wrong passwords until when (a one-time password or the second factor lets them in). */
function MemberStatus({ record }: { record: StaffRecord }) {
  const t = useT();
  const format = useFormat();
  if (record.disabled) return <Chip size="small" color="default" label={t('staff.disabled')} />;
  if (record.lockedUntil) return <Chip size="small" color="warning" label={t('staff.lockedUntil', { time: format.dateTime(record.lockedUntil) })} />;
  return <Chip size="small" color="success" label={t('staff.active')} />;
}

export function StaffList() {
  const t = useT();
  const status = (r: StaffRecord) => <MemberStatus record={r} />;
  const sessions = (r: StaffRecord) => t('staff.liveSessionsCount', { smart_count: r.activeSessions });
  const role = (r: StaffRecord) => t(`roles.${r.role as Role}`);
  return (
    <List
      filters={filters(t)}
      sort={{ field: 'email', order: 'ASC' }}
      perPage={25}
      actions={
        <TopToolbar>
          <CreateButton label="staff.newMember" />
        </TopToolbar>
      }
      title="staff.title"
    >
      <OneColumnOnPhones
        phone={
          <SimpleList<StaffRecord>
            primaryText={(r) => r.email}
            secondaryText={(r) => [role(r), r.mustChangePassword ? t('staff.passwordPendingShort') : null, sessions(r)].filter(Boolean).join(' · ')}
            tertiaryText={status}
            rowClick="edit"
          />
        }
      >
        <DataTable<StaffRecord> rowClick="edit" bulkActionButtons={false}>
          <DataTable.Col source="email" label="staff.email" />
          <DataTable.Col source="role" label="staff.role" render={(r: StaffRecord) => <Chip size="small" label={role(r)} />} />
          <DataTable.Col source="disabled" label="staff.status" render={status} />
          <DataTable.Col
            source="mustChangePassword"
            label="staff.passwordPending"
            disableSort
            render={(r: StaffRecord) => <OneTimePasswordState record={r} />}
          />
          <DataTable.Col source="secondFactors" label="staff.secondFactor" disableSort render={() => <SecondFactorsState />} />
          <DataTable.Col source="lastSeenAt" label="staff.lastSeen">
            <DateTimeField source="lastSeenAt" emptyText="staff.never" />
          </DataTable.Col>
          <DataTable.NumberCol source="activeSessions" label="staff.liveSessions" disableSort />
        </DataTable>
      </OneColumnOnPhones>
    </List>
  );
}

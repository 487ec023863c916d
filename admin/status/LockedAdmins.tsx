import { Alert, AlertTitle, Link, List, ListItem, Typography } from '@mui/material';
import { useCanAccess, useGetList } from 'react-admin';
import { RichMessage, useFormat, useT } from '../i18n/index.ts';
import type { StaffRecord } from '../staff/roles.ts';

/**
 * Admin accounts locked now by repeated wrong passwords, for the admins: anyone who knows an
 * admin's address can keep them locked, and another admin's new one-time password lets them in
 * at once (it passes the lock). Nothing is shown while no admin is locked.
 */
export function LockedAdmins() {
  const t = useT();
  const format = useFormat();
  const { canAccess } = useCanAccess({ resource: 'staff', action: 'list' });
  const { data } = useGetList<StaffRecord>(
    'staff',
    { filter: { role: 'admin', locked: true }, pagination: { page: 1, perPage: 50 }, sort: { field: 'email', order: 'ASC' } },
    { enabled: canAccess === true, refetchInterval: 60_000 },
  );
  if (!canAccess || !data?.length) return null;
  return (
    <Alert severity="warning" role="region" aria-label={t('status.lockedAdmins.title')}>
      <AlertTitle>{t('status.lockedAdmins.title')}</AlertTitle>
      <List dense disablePadding>
        {data.map((member) => (
          <ListItem key={member.id} disableGutters>
            <Typography variant="body2">
              <RichMessage
                id="status.lockedAdmins.member"
                values={{ email: <Link href={`#/staff/${member.id}`}>{member.email}</Link>, time: format.dateTime(member.lockedUntil) }}
              />
            </Typography>
          </ListItem>
        ))}
      </List>
      <Typography variant="body2">{t('status.lockedAdmins.advice', { action: t('staff.resetPassword') })}</Typography>
    </Alert>
  );
}

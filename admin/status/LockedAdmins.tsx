import { Alert, AlertTitle, Link, List, ListItem, Typography } from '@mui/material';
import { useCanAccess, useGetList } from 'react-admin';
import { formatDateTime } from '../../server/vocabulary/index.ts';
import type { StaffRecord } from '../staff/roles.ts';

/**
 * Admin accounts locked now by repeated wrong passwords, for the admins: anyone who knows an
 * admin's address can keep them locked, and another admin's new one-time password lets them in
 * at once (it passes the lock). Nothing is shown while no admin is locked.
 */
export function LockedAdmins() {
  const { canAccess } = useCanAccess({ resource: 'staff', action: 'list' });
  const { data } = useGetList<StaffRecord>(
    'staff',
    { filter: { role: 'admin', locked: true }, pagination: { page: 1, perPage: 50 }, sort: { field: 'email', order: 'ASC' } },
    { enabled: canAccess === true, refetchInterval: 60_000 },
  );
  if (!canAccess || !data?.length) return null;
  return (
    <Alert severity="warning" role="region" aria-label="Locked admin accounts">
      <AlertTitle>Locked admin accounts</AlertTitle>
      <List dense disablePadding>
        {data.map((member) => (
          <ListItem key={member.id} disableGutters>
            <Typography variant="body2">
              <Link href={`#/staff/${member.id}`}>{member.email}</Link>: locked until {formatDateTime(member.lockedUntil)} after five wrong passwords in a row.
            </Typography>
          </ListItem>
        ))}
      </List>
      <Typography variant="body2">
        If that was not them, someone is guessing and may keep the lock on. To let them in now, open the member and choose Reset password:
        the new one-time password works despite the lock.
      </Typography>
    </Alert>
  );
}

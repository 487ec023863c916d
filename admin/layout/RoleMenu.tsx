import type { ReactElement } from 'react';
import { Menu, useCanAccess } from 'react-admin';
import MonitorHeartIcon from '@mui/icons-material/MonitorHeart';
import PeopleIcon from '@mui/icons-material/People';
import LinkIcon from '@mui/icons-material/Link';
import SellIcon from '@mui/icons-material/Sell';
import HistoryIcon from '@mui/icons-material/History';
import BadgeIcon from '@mui/icons-material/Badge';
import ApiIcon from '@mui/icons-material/Api';

/**
 * The menu entries, each keyed by the resource whose `list` access it needs. A resource another
 * engineer has not registered yet still gets its entry; the entry hides itself when canAccess
 * (the role table cached at sign-in) says no.
 */
export const MENU_ENTRIES: { resource: string; to: string; label: string; icon: ReactElement }[] = [
  { resource: 'status', to: '/status', label: 'Status', icon: <MonitorHeartIcon /> },
  { resource: 'customers', to: '/customers', label: 'Customers', icon: <PeopleIcon /> },
  { resource: 'connect-sessions', to: '/connect-sessions', label: 'Connect links', icon: <LinkIcon /> },
  { resource: 'plans', to: '/plans', label: 'Plans', icon: <SellIcon /> },
  { resource: 'audit-events', to: '/audit-events', label: 'Audit log', icon: <HistoryIcon /> },
  { resource: 'staff', to: '/staff', label: 'Staff', icon: <BadgeIcon /> },
  { resource: 'openapi.json', to: '/api-reference', label: 'API', icon: <ApiIcon /> },
];

function GuardedItem({ resource, to, label, icon }: (typeof MENU_ENTRIES)[number]) {
  const { canAccess, isPending } = useCanAccess({ resource, action: 'list' });
  if (isPending || !canAccess) return null;
  return <Menu.Item to={to} primaryText={label} leftIcon={icon} />;
}

export function RoleMenu() {
  return (
    <Menu aria-label="Main menu">
      {MENU_ENTRIES.map((entry) => (
        <GuardedItem key={entry.resource} {...entry} />
      ))}
    </Menu>
  );
}

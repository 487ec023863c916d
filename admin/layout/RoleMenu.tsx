import type { ReactElement } from 'react';
import { Menu, useCanAccess } from 'react-admin';
import MonitorHeartIcon from '@mui/icons-material/MonitorHeart';
import PeopleIcon from '@mui/icons-material/People';
import LinkIcon from '@mui/icons-material/Link';
import SellIcon from '@mui/icons-material/Sell';
import HistoryIcon from '@mui/icons-material/History';
import BadgeIcon from '@mui/icons-material/Badge';
import ApiIcon from '@mui/icons-material/Api';
import { useT, type MessageKey } from '../i18n/index.ts';

/**
 * The menu entries, each keyed by the resource whose `list` access it needs. A resource another
 * engineer has not registered yet still gets its entry; the entry hides itself when canAccess
 * (the role table cached at sign-in) says no.
 */
export const MENU_ENTRIES: { resource: string; to: string; label: MessageKey; icon: ReactElement }[] = [
  { resource: 'status', to: '/status', label: 'menu.status', icon: <MonitorHeartIcon /> },
  { resource: 'customers', to: '/customers', label: 'menu.customers', icon: <PeopleIcon /> },
  { resource: 'connect-sessions', to: '/connect-sessions', label: 'menu.connectLinks', icon: <LinkIcon /> },
  { resource: 'plans', to: '/plans', label: 'menu.plans', icon: <SellIcon /> },
  { resource: 'audit-events', to: '/audit-events', label: 'menu.audit', icon: <HistoryIcon /> },
  { resource: 'staff', to: '/staff', label: 'menu.staff', icon: <BadgeIcon /> },
  { resource: 'openapi.json', to: '/api-reference', label: 'menu.api', icon: <ApiIcon /> },
];

function GuardedItem({ resource, to, label, icon }: (typeof MENU_ENTRIES)[number]) {
  const { canAccess, isPending } = useCanAccess({ resource, action: 'list' });
  if (isPending || !canAccess) return null;
  return <Menu.Item to={to} primaryText={label} leftIcon={icon} />;
}

export function RoleMenu() {
  const t = useT();
  return (
    <Menu aria-label={t('menu.label')}>
      {MENU_ENTRIES.map((entry) => (
        <GuardedItem key={entry.resource} {...entry} />
      ))}
    </Menu>
  );
}

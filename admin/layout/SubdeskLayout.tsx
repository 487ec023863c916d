import type { ReactNode } from 'react';
import { Layout, useGetIdentity } from 'react-admin';
import { Navigate, useLocation } from 'react-router-dom';
import { RoleMenu } from './RoleMenu.tsx';
import { SubdeskAppBar } from './SubdeskAppBar.tsx';
import { SessionGuard } from './SessionGuard.tsx';
import { returnTo } from './returnTo.ts';
import { CHANGE_PASSWORD_PATH } from '../authProvider.ts';
import { CustomerSearchProvider } from '../customers/index.ts';

/**
 * Every page fits the window: react-admin's layout grows to its widest content by default
 * (min-width: fit-content), which pushed whole pages sideways. Here the content takes the window's
 * width, long ids wrap, and a table that is still too wide scrolls inside its own frame.
 */
const FIT_THE_WINDOW = {
  minWidth: 0,
  '& .RaLayout-content, & .RaList-main': { minWidth: 0, overflowWrap: 'break-word' },
  '& .RaDataTable-tableWrapper, & .RaDatagrid-tableWrapper': { overflowX: 'auto' },
  // Below a laptop's width, toolbars (filters, columns, exports, Verify) wrap instead of running off the edge.
  '& .RaList-actions > .MuiToolbar-root': { flexWrap: { xs: 'wrap', lg: 'nowrap' } },
} as const;

/**
 * react-admin's layout with the role-aware menu, the customer search in the app bar and the
 * session guard. A member who must choose a password goes there first, and on to the page they
 * asked for afterwards.
 */
export function SubdeskLayout({ children }: { children: ReactNode }) {
  const { identity } = useGetIdentity();
  const location = useLocation();
  if (identity?.mustChangePassword) return <Navigate to={CHANGE_PASSWORD_PATH} state={returnTo(location)} replace />;
  return (
    <CustomerSearchProvider>
      <Layout menu={RoleMenu} appBar={SubdeskAppBar} sx={FIT_THE_WINDOW}>
        {children}
      </Layout>
      <SessionGuard />
    </CustomerSearchProvider>
  );
}

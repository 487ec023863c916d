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
      <Layout menu={RoleMenu} appBar={SubdeskAppBar}>
        {children}
      </Layout>
      <SessionGuard />
    </CustomerSearchProvider>
  );
}

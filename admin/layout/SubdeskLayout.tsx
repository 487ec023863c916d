import type { ReactNode } from 'react';
import { AppBar, Layout, Logout, UserMenu, useGetIdentity } from 'react-admin';
import { Navigate } from 'react-router-dom';
import { RoleMenu } from './RoleMenu.tsx';
import { CHANGE_PASSWORD_PATH } from '../authProvider.ts';
import { SignInMethodsMenuItem } from './SignInMethodsMenuItem.tsx';

/** react-admin's app bar, whose user menu also leads to the member's own sign-in methods. */
function SubdeskAppBar() {
  return (
    <AppBar userMenu={<UserMenu><SignInMethodsMenuItem /><Logout /></UserMenu>} />
  );
}

/** react-admin's layout with the role-aware menu; a member who must choose a password goes there first. */
export function SubdeskLayout({ children }: { children: ReactNode }) {
  const { identity } = useGetIdentity();
  if (identity?.mustChangePassword) return <Navigate to={CHANGE_PASSWORD_PATH} replace />;
  return <Layout menu={RoleMenu} appBar={SubdeskAppBar}>{children}</Layout>;
}

import type { ReactNode } from 'react';
import { Layout, useGetIdentity } from 'react-admin';
import { Navigate } from 'react-router-dom';
import { RoleMenu } from './RoleMenu.tsx';
import { CHANGE_PASSWORD_PATH } from '../authProvider.ts';

/** react-admin's layout with the role-aware menu; a member who must choose a password goes there first. */
export function SubdeskLayout({ children }: { children: ReactNode }) {
  const { identity } = useGetIdentity();
  if (identity?.mustChangePassword) return <Navigate to={CHANGE_PASSWORD_PATH} replace />;
  return <Layout menu={RoleMenu}>{children}</Layout>;
}

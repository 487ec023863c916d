import { useGetIdentity } from 'react-admin';
import { Navigate } from 'react-router-dom';
import { StatusPage } from '../status/index.ts';
import type { Role } from '../../server/vocabulary/roles.ts';

/** Where each role starts its day: its own work, not the crawler's state (which admins watch). */
const HOME: Record<Role, string | null> = {
  support: '/customers',
  merchandiser: '/plans',
  auditor: '/audit-events',
  admin: null,
};

/** The dashboard (`#/`): Status for admins, each other role's own page for the rest. */
export function RoleHome() {
  const { identity, isPending } = useGetIdentity();
  if (isPending) return null;
  const home = HOME[identity?.role as Role] ?? null;
  return home ? <Navigate to={home} replace /> : <StatusPage />;
}

import type { Deps } from '../deps.ts';

export const ROLES = ['support', 'merchandiser', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in staff member behind a request. */
export type Principal = {
  id: number;
  email: string;
  role: Role;
  mustChangePassword: boolean;
  sessionId: number;
};

export type AppEnv = {
  Variables: {
    requestId: string;
    principal: Principal | null;
    deps: Deps;
  };
};

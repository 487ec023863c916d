import type { Deps } from '../deps.ts';
import type { Role } from '../vocabulary/roles.ts';

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

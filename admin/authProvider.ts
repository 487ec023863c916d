import { HttpError, type AuthProvider } from 'react-admin';
import { roleCan } from '../server/vocabulary/permissions.ts';
import type { Role } from '../server/vocabulary/roles.ts';
import type { MessageKey } from './i18n/index.ts';
import { noteSessionHeaders, sessionClosed, sessionEnded, sessionStarted, setSessionMember } from './layout/session.ts';
import { SecondStepRequired, type EnrolInput, type SecondStepInput } from './login/signInSteps.ts';

/** Who is signed in, as `/api/auth/me` and the login answer say. */
export type Me = { id: number; email: string; role: Role; mustChangePassword: boolean };

const STORAGE_KEY = 'subdesk.me';
let cached: Me | null | undefined;

/**
 * The identity is cached at sign-in, in memory and in sessionStorage (survives a reload, not the
 * tab): canAccess runs before every page and must not cost a request each time. The session
 * cookie itself is httpOnly; this cache holds nothing secret.
 */
export function cachedMe(): Me | null {
  if (cached === undefined) {
    try {
      cached = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Me | null;
    } catch {
      cached = null;
    }
  }
  return cached;
}

export function rememberMe(me: Me | null) {
  cached = me;
  setSessionMember(me?.id ?? null);
  if (me) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(me));
  else sessionStorage.removeItem(STORAGE_KEY);
}

export async function api(path: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(`/api${path}`, {
    credentials: 'same-origin',
    ...init,
    headers: { Accept: 'application/json', ...(init.body ? { 'Content-Type': 'application/json' } : {}), ...init.headers },
  });
  noteSessionHeaders(res.headers);
  return res;
}

export async function failure(res: Response): Promise<HttpError> {
  const body = await res.json().catch(() => ({}));
  return new HttpError(body?.message ?? `The server answered ${res.status}.`, res.status, body);
}

async function fetchMe(): Promise<Me | null> {
  const res = await api('/auth/me');
  if (res.status === 401) return null;
  if (!res.ok) throw await failure(res);
  return (await res.json()) as Me;
}

export const CHANGE_PASSWORD_PATH = '/change-password';

/** Choose one's own password; the answer carries the refreshed identity (a new session cookie too). */
export async function changePassword(currentPassword: string, newPassword: string): Promise<Me> {
  const res = await api('/auth/password', { method: 'POST', body: JSON.stringify({ currentPassword, newPassword }) });
  if (!res.ok) throw await failure(res);
  const me = (await res.json()) as Me;
  rememberMe(me);
  return me;
}

/**
 * The server no longer accepts this tab's session. When the tab was signed in, the agent signs in
 * again in place (admin/layout/SessionGuard.tsx) over the screen they were on, which keeps what
 * they typed; answers true. A tab that never was (a link opened signed out) goes to the sign-in page.
 */
function endedInPlace(): boolean {
  if (!cachedMe()) return false;
  sessionEnded('ended');
  return true;
}

/**
 * A complete sign-in: remember who. No redirect of its own: react-admin goes on to the page the
 * agent asked for before signing in (a deep link), or to the start. A member who must first choose
 * a password is sent there by the layout, which remembers that page too.
 */
function signedIn(me: Me): void {
  rememberMe(me);
  sessionStarted(me.id);
}

/**
 * What the sign-in page hands `login`: the password step, then the second step or the enrolment
 * a role requires (admin/login/LoginPage.tsx); `continue` once the recovery codes of a new factor
 * have been shown.
 */
export type LoginParams = { email: string; password: string } | { secondFactor: SecondStepInput } | { enrol: EnrolInput } | { continue: true };

export const authProvider: AuthProvider = {
  async login(params: LoginParams) {
    if ('continue' in params) {
      const me = cachedMe();
      if (!me) throw new Error('session.pleaseSignIn' satisfies MessageKey);
      return signedIn(me);
    }
    if ('enrol' in params) {
      // The session exists from here; the page shows the recovery codes before going on.
      const res = await api('/auth/enrol', { method: 'POST', body: JSON.stringify(params.enrol) });
      if (!res.ok) throw await failure(res);
      const { recoveryCodes, ...me } = (await res.json()) as Me & { recoveryCodes: string[] };
      rememberMe(me);
      return { recoveryCodes };
    }
    const res =
      'secondFactor' in params
        ? await api('/auth/second-factor', { method: 'POST', body: JSON.stringify(params.secondFactor) })
        : await api('/auth/login', { method: 'POST', body: JSON.stringify({ email: params.email, password: params.password }) });
    const body = await res
      .clone()
      .json()
      .catch(() => ({}));
    if (body?.step) throw new SecondStepRequired(body.step, body.methods, body.passkeyOrigin, res.ok ? null : body.message);
    if (!res.ok) throw await failure(res);
    signedIn(body as Me);
  },

  async logout() {
    if (cachedMe()) {
      await api('/auth/logout', { method: 'POST' }).catch(() => undefined);
      sessionClosed();
    }
    rememberMe(null);
  },

  /** Asks the server: a session may have expired or been ended by an admin since the last page. */
  async checkAuth() {
    const me = await fetchMe();
    if (!me && endedInPlace()) return;
    rememberMe(me);
    if (!me) throw new Error('session.pleaseSignIn' satisfies MessageKey);
  },

  async checkError(error: { status?: number; body?: { code?: string; message?: string } }) {
    if (error?.status === 401) {
      if (endedInPlace()) return;
      rememberMe(null);
      // react-admin translates the message it shows.
      throw new Error('session.endedSignInAgain' satisfies MessageKey);
    }
    if (error?.status === 403 && error.body?.code === 'passwordChangeRequired') {
      // Not a sign-out: the member is signed in and only has to choose a password first.
      throw { logoutUser: false, redirectTo: CHANGE_PASSWORD_PATH, message: error.body.message };
    }
    // Any other 403 is a refusal of one action: shown as an error, the member stays signed in.
  },

  async getIdentity() {
    const me = cachedMe() ?? (await fetchMe());
    if (!me) throw new Error('session.pleaseSignIn' satisfies MessageKey);
    return { id: me.id, fullName: me.email, role: me.role, mustChangePassword: me.mustChangePassword };
  },

  async canAccess({ resource, action }: { resource: string; action: string }) {
    return roleCan(cachedMe()?.role, resource, action);
  },
};

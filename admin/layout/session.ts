import { useSyncExternalStore } from 'react';
import { SESSION_ENDS_IN_HEADER, SESSION_EXPIRES_IN_HEADER } from '../../server/auth/session-timing.ts';

/**
 * Why the session of this tab ended while the agent was working:
 * - `idle`: nothing was asked of the server for the idle timeout;
 * - `elsewhere`: the member signed out in another tab;
 * - `ended`: the server no longer knows the session (an admin ended it, the password changed, a restart).
 */
export type EndReason = 'idle' | 'elsewhere' | 'ended';

export type SessionState = {
  /** Set while the sign-in in place is shown over the agent's screen. */
  ended: EndReason | null;
  /** When the session ends if no other request comes (this browser's clock, ms), as the server last said. */
  expiresAt: number | null;
  /** When it ends whatever happens (the absolute limit). */
  endsAt: number | null;
  /** Bumped when the session comes back, so screens refetch what failed meanwhile. */
  resumed: number;
};

type Message = { type: 'activity'; expiresAt: number; endsAt: number } | { type: 'signed-out' } | { type: 'signed-in'; memberId: number };

let state: SessionState = { ended: null, expiresAt: null, endsAt: null, resumed: 0 };
let memberId: number | null = null;
const listeners = new Set<() => void>();

function set(next: Partial<SessionState>) {
  state = { ...state, ...next };
  for (const l of listeners) l();
}

/*
 * Tabs of one browser share the session cookie: a request in one keeps the session alive for all,
 * signing out in one ends it for all. They tell each other, so an idle tab does not warn while the
 * agent works in another, and a tab whose session ended elsewhere says so at once.
 */
const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('subdesk-session');
const tell = (m: Message) => channel?.postMessage(m);
channel?.addEventListener('message', (event: MessageEvent<Message>) => {
  const m = event.data;
  if (m.type === 'activity') {
    if (m.expiresAt > (state.expiresAt ?? 0)) set({ expiresAt: m.expiresAt, endsAt: m.endsAt });
  } else if (m.type === 'signed-out') {
    if (memberId !== null) set({ ended: 'elsewhere' });
  } else if (m.type === 'signed-in') {
    // The same member signed in again in another tab: the shared cookie works here too.
    if (m.memberId === memberId && state.ended) set({ ended: null, resumed: state.resumed + 1 });
  }
});

/** Every answer of a live session says how long it has left (server/auth/session-middleware.ts). */
export function noteSessionHeaders(headers: Headers) {
  const expiresIn = headers.get(SESSION_EXPIRES_IN_HEADER);
  const endsIn = headers.get(SESSION_ENDS_IN_HEADER);
  if (expiresIn === null || endsIn === null) return;
  const now = Date.now();
  const expiresAt = now + Number(expiresIn) * 1000;
  const endsAt = now + Number(endsIn) * 1000;
  set({ expiresAt, endsAt });
  tell({ type: 'activity', expiresAt, endsAt });
}

/** Who this tab is signed in as (admin/authProvider.ts keeps the identity; null when signed out). */
export function setSessionMember(id: number | null) {
  memberId = id;
}

/** Signed in (on the sign-in page or in place): a session ended meanwhile is back. */
export function sessionStarted(id: number) {
  memberId = id;
  if (state.ended) set({ ended: null, resumed: state.resumed + 1 });
  tell({ type: 'signed-in', memberId: id });
}

/** Signed out on purpose in this tab: the others learn it. */
export function sessionClosed() {
  memberId = null;
  set({ ended: null, expiresAt: null, endsAt: null });
  tell({ type: 'signed-out' });
}

/** This tab had a session and the server no longer accepts it: the sign-in in place shows. */
export function sessionEnded(reason: EndReason) {
  if (!state.ended) set({ ended: reason });
}

export function useSessionState(): SessionState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}

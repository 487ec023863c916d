import { useEffect, useState } from 'react';
import { useRefresh } from 'react-admin';
import { sessionEnded, useSessionState } from './session.ts';
import { IdleWarning } from './IdleWarning.tsx';
import { SignInAgainDialog } from './SignInAgainDialog.tsx';

/** The warning shows this long before the session would end for inactivity. */
export const WARN_BEFORE_MS = 60_000;

/**
 * Milliseconds until `at`, re-rendering every second during the last WARN_BEFORE_MS and once
 * when that window opens; null without a time.
 */
function useTimeLeft(at: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  // `now` is read through Date.now(); it is a dependency so that each tick schedules the next one.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the re-run on `now` is the point
  useEffect(() => {
    if (at === null) return;
    const left = at - Date.now();
    if (left <= 0) return;
    const wait = left > WARN_BEFORE_MS ? left - WARN_BEFORE_MS : Math.min(1000, left);
    const timer = setTimeout(() => setNow(Date.now()), wait);
    return () => clearTimeout(timer);
  }, [at, now]);
  return at === null ? null : at - now;
}

/**
 * Keeps the agent's place when the session ends: a warning a minute before the idle timeout, and
 * when it has ended (idle, signed out in another tab, ended by an admin), a sign-in over the
 * current screen. Nothing under it unmounts, so an open dialog keeps what was typed; once signed
 * in again, what failed meanwhile is read again.
 */
export function SessionGuard() {
  const { ended, expiresAt, endsAt, resumed } = useSessionState();
  const refresh = useRefresh();
  const left = useTimeLeft(ended ? null : expiresAt);
  // The 12-hour warning can only be read, not acted on: once read, it stays closed.
  const [dismissedFor, setDismissedFor] = useState<number | null>(null);

  useEffect(() => {
    if (left !== null && left <= 0) sessionEnded('idle');
  }, [left]);
  useEffect(() => {
    if (resumed) refresh();
  }, [resumed, refresh]);

  if (ended) return <SignInAgainDialog reason={ended} />;
  if (left !== null && left <= WARN_BEFORE_MS && left > 0) {
    // At the 12-hour limit no activity helps: the warning then only says when.
    const atAbsoluteLimit = endsAt !== null && expiresAt !== null && endsAt - expiresAt < 1000;
    if (atAbsoluteLimit && dismissedFor === endsAt) return null;
    return <IdleWarning secondsLeft={Math.ceil(left / 1000)} atAbsoluteLimit={atAbsoluteLimit} onDismiss={() => setDismissedFor(endsAt)} />;
  }
  return null;
}

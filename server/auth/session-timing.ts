/**
 * How long a staff session lives, and the response headers that tell the SPA how long the current
 * one has left (it warns a minute before the end). Constants only: the SPA imports this file too.
 */

/** A session ends after 30 minutes without a request, and 12 hours after sign-in whatever happens. */
export const IDLE_TIMEOUT_MS = 30 * 60_000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60_000;

/** Seconds until the session ends if no other request comes (the idle or the absolute limit, whichever is first). */
export const SESSION_EXPIRES_IN_HEADER = 'Subdesk-Session-Expires-In';
/** Seconds until the absolute limit, which no activity moves. */
export const SESSION_ENDS_IN_HEADER = 'Subdesk-Session-Ends-In';

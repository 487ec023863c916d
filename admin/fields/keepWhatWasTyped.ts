/**
 * For react-admin forms inside a page's record (a customer's dialogs and note form): react-admin
 * resets such a form whenever the record changes, and a customer's record changes each time the
 * page reads it again (a refresh, a change feed, signing in again after a session ended). With
 * this, what the agent typed stays and fields they did not touch follow the fresh data.
 */
export const KEEP_WHAT_WAS_TYPED = { keepDirtyValues: true } as const;

/**
 * Every PostgreSQL advisory lock subdesk takes, in one list: the keys share one space per
 * database, so two uses of the same number would wait on each other.
 */
export const ADVISORY_LOCKS = {
  /** Session lock while migrations run (db/pg.ts): instances starting together take turns. */
  migrations: 0x5d_0001,
  /** Transaction lock around each audit append (server/storage/pg/audit-append.ts): one chain. */
  auditAppend: 0x5d_0002,
  /**
   * First key of the two-key transaction locks on sign-in throttle counters (server/auth/store/postgres.ts),
   * the second being the counter key's hash: attempts on one account take turns across instances.
   */
  signInThrottle: 0x5d_0003,
} as const;

import type { PgDb } from '../../../db/pg.ts';
import { instanceName, LEASE_DEFAULTS, type Lease, type LeaseHolder } from '../lease.ts';

export type PgLeaseOptions = {
  /** Which background work (one lease per name; default 'background'). */
  name?: string;
  /** How long a hold lasts without renewal (default 15 s). */
  ttlMs?: number;
  instance?: string;
  /** The pool was opened for this lease alone: close() ends it. */
  ownsConnection?: boolean;
  /** When this instance started, on performance.now()'s clock (default: when the lease was made; tests give an earlier one). */
  runningSince?: number;
  /** How long an instance that started during the last hold waits once it expired (default LEASE_DEFAULTS.newcomerWaitMs). */
  newcomerWaitMs?: number;
};

type Row = { token: number; expires_at: string };

/**
 * The background lease on PostgreSQL: a row naming the holder until `expires_at`, by the database's
 * clock (instances' clocks may disagree; the server's is the one every instance reads).
 *
 * A lease row with renewals, not a session advisory lock: a session lock lives as long as one
 * connection, so a connection the server or a pooler (PgBouncer in transaction mode) drops would
 * move the work for nothing, and a holder cut off by the network would keep the lock until TCP
 * gives up (two hours by default) while believing it still holds it. Here a dead or cut-off holder
 * loses the lease when its row expires (ttl), and itself stops before that: holds() runs out at a
 * deadline counted from before each renewal was sent, on this process's monotonic clock. `token`
 * grows with every new holder (a fencing token, for work that must check it is still the one).
 *
 * An expired lease goes first to an instance that was running before the hold's last renewal (a
 * ttl before it expired); one that started later (the dead holder restarted, a crash-looping
 * instance, the new instance of a rolling deploy) takes it only once it has stayed expired for
 * `newcomerWaitMs`, longer than the others take to try. So the work moves to a survivor, as issue
 * 21 asks, rather than going back to a process killed a few seconds ago, and every instance alike
 * takes a lease that expired long ago.
 */
export class PgLease implements Lease {
  readonly instance: string;
  readonly alone = false;
  readonly name: string;
  readonly ttlMs: number;
  private token: number | null = null;
  /** performance.now() after which this instance no longer counts itself the holder. */
  private deadline = 0;

  private readonly ownsConnection: boolean;
  private readonly runningSince: number;
  private readonly newcomerWaitMs: number;

  constructor(
    private readonly db: PgDb,
    options: PgLeaseOptions = {},
  ) {
    this.ownsConnection = options.ownsConnection ?? false;
    this.name = options.name ?? 'background';
    this.ttlMs = options.ttlMs ?? LEASE_DEFAULTS.ttlMs;
    this.instance = options.instance ?? instanceName();
    this.runningSince = options.runningSince ?? performance.now();
    this.newcomerWaitMs = options.newcomerWaitMs ?? LEASE_DEFAULTS.newcomerWaitMs;
  }

  async acquire(): Promise<boolean> {
    const sent = performance.now();
    const { rows } = await this.db.$client.query<Row>(
      `INSERT INTO background_leases AS l (name, holder, token, acquired_at, renewed_at, expires_at)
       VALUES ($1, $2, 1, now(), now(), now() + make_interval(secs => $3 / 1000.0))
       ON CONFLICT (name) DO UPDATE SET
         holder = excluded.holder,
         token = CASE WHEN l.holder = excluded.holder THEN l.token ELSE l.token + 1 END,
         acquired_at = CASE WHEN l.holder = excluded.holder THEN l.acquired_at ELSE now() END,
         renewed_at = now(),
         expires_at = excluded.expires_at
       WHERE l.holder = excluded.holder OR (l.expires_at <= now() AND (
         l.expires_at <= now() - make_interval(secs => $5 / 1000.0)
         OR now() - make_interval(secs => $4 / 1000.0) <= l.expires_at - make_interval(secs => $3 / 1000.0)))
       RETURNING token, expires_at`,
      // How long this instance has been running, by its own monotonic clock: only durations cross to the database's clock.
      [this.name, this.instance, this.ttlMs, performance.now() - this.runningSince, this.newcomerWaitMs],
    );
    return this.took(rows[0], sent);
  }

  async renew(): Promise<boolean> {
    if (this.token === null) return false;
    const sent = performance.now();
    const { rows } = await this.db.$client.query<Row>(
      `UPDATE background_leases SET renewed_at = now(), expires_at = now() + make_interval(secs => $4 / 1000.0)
       WHERE name = $1 AND holder = $2 AND token = $3 RETURNING token, expires_at`,
      [this.name, this.instance, this.token, this.ttlMs],
    );
    return this.took(rows[0], sent);
  }

  private took(row: Row | undefined, sent: number): boolean {
    if (!row) {
      this.token = null;
      this.deadline = 0;
      return false;
    }
    this.token = row.token;
    // Counted from before the statement was sent: never later than the row's own expiry.
    this.deadline = sent + this.ttlMs;
    return true;
  }

  async release(): Promise<void> {
    const token = this.token;
    this.token = null;
    this.deadline = 0;
    if (token === null) return;
    await this.db.$client.query(`UPDATE background_leases SET expires_at = now() WHERE name = $1 AND holder = $2 AND token = $3`, [
      this.name,
      this.instance,
      token,
    ]);
  }

  async close(): Promise<void> {
    if (this.ownsConnection) await this.db.$client.end();
  }

  async holder(): Promise<LeaseHolder | null> {
    const { rows } = await this.db.$client.query<{ holder: string; token: number; expires_at: string }>(
      'SELECT holder, token, expires_at FROM background_leases WHERE name = $1 AND expires_at > now()',
      [this.name],
    );
    const r = rows[0];
    return r ? { instance: r.holder, token: r.token, expiresAt: r.expires_at } : null;
  }

  holds(): boolean {
    return this.token !== null && performance.now() < this.deadline;
  }

  /** The fencing token of our hold (null when we do not hold it). */
  currentToken(): number | null {
    return this.holds() ? this.token : null;
  }
}

import type { Lease, LeaseHolder } from '../../server/storage/lease.ts';

/**
 * A lease another instance may hold: the test decides (`ours`), and calls the keeper's tick().
 * PostgreSQL's real one is tested in test/lease.pg.test.ts; this one is for what an instance does
 * with it (server/background.ts).
 */
export class LeaseHeldElsewhere implements Lease {
  readonly instance = 'this-instance';
  readonly alone = false;
  ours = false;
  acquire = async () => this.ours;
  renew = async () => this.ours;
  release = async () => {
    this.ours = false;
  };
  holder = async (): Promise<LeaseHolder> => ({ instance: this.ours ? this.instance : 'another-instance', token: 1, expiresAt: 'soon' });
  holds = () => this.ours;
}

/** Polls `check` until it holds (a real upstream call or crawl is under way), failing after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

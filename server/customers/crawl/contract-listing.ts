import type { Logger } from '../../logger.ts';
import type { CentraClient } from '../../upstream/centra.ts';
import type { ContractListingPlan } from '../../upstream/centra-integration.ts';
import { inBackground } from '../../upstream/priority.ts';

export type ContractListingStatus = {
  /** `integration`: in bulk through the Integration API; `shop`: one customer at a time through the Shop API; null: not decided yet. */
  way: 'integration' | 'shop' | null;
  /** Why contracts are listed the Shop API way (what the Integration API lacked or refused). */
  reason: string | null;
  /** What the Integration API's schema lacks that the crawl would have used. */
  notes: string[];
  checkedAt: string | null;
  /** The last check failed (Centra unreachable): the way decided before stays. */
  error: string | null;
};

/**
 * Which way Centra's contracts are listed, decided by asking Centra (CentraClient.contractListing)
 * at start and again before every crawl, since a token's permissions or a tenant's schema may
 * change. Said on the status page and in the log in words an operator can act on.
 */
export class ContractListingState {
  private plan: ContractListingPlan | null = null;
  private checkedAt: string | null = null;
  private error: string | null = null;

  constructor(
    private readonly centra: CentraClient,
    private readonly opts: { clock: () => Date; logger?: Logger },
  ) {}

  /** Asks Centra again. A failure to reach it keeps the last decision and is thrown (the crawl's phase records it). */
  async refresh(): Promise<ContractListingPlan> {
    try {
      const plan = await inBackground(() => this.centra.contractListing());
      const changed = plan.way !== this.plan?.way || (plan.way === 'shop' && this.plan?.way === 'shop' && plan.reason !== this.plan.reason);
      this.plan = plan;
      this.error = null;
      this.checkedAt = this.opts.clock().toISOString();
      if (changed) {
        if (plan.way === 'integration') this.opts.logger?.info('Centra contracts are listed through the Integration API', { notes: plan.notes });
        else this.opts.logger?.warn(`Centra contracts are listed through the Shop API, one customer at a time: ${plan.reason}`, { notes: plan.notes });
      }
      return plan;
    } catch (err) {
      this.error = (err as Error).message;
      this.checkedAt = this.opts.clock().toISOString();
      throw err;
    }
  }

  status(): ContractListingStatus {
    return {
      way: this.plan?.way ?? null,
      reason: this.plan?.way === 'shop' ? this.plan.reason : null,
      notes: this.plan?.notes ?? [],
      checkedAt: this.checkedAt,
      error: this.error,
    };
  }
}

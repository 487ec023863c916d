import { createHash } from 'node:crypto';
import type { AgentIntent } from './intents.ts';

/**
 * The Gigs Idempotency-Key for one click. runAction offers the HTTP request id, but a retry
 * after a timeout is a new HTTP request with a new id; the retry key (the SPA's clientRequestId,
 * one UUID per click, or a script's Idempotency-Key header) is what the retry shares. It is mixed with who asks, for whom and what, so a reused
 * UUID from another agent, customer or intent can never replay someone else's session (and
 * its link). Everything it is made of is in the audit entry, so start-up reconciliation can
 * make the same key again without storing it.
 */
export function connectIdempotencyKey(parts: { staffId: string | number | null; customerId: string; retryKey: string; intent: AgentIntent }): string {
  const canonicalIntent = JSON.stringify(Object.fromEntries(Object.entries(parts.intent).sort(([a], [b]) => a.localeCompare(b))));
  const digest = createHash('sha256')
    .update(JSON.stringify([String(parts.staffId ?? ''), parts.customerId, parts.retryKey, canonicalIntent]))
    .digest('hex');
  return `subdesk-csn-${digest}`;
}

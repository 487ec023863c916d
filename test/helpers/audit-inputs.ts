import type { AuditInput } from '../../server/audit/log.ts';

/**
 * Audit inputs of every shape an append meets: each kind of actor, secrets to redact, a user agent
 * past the stored length, nested before/after, requested entries and their outcomes.
 */
export function auditInputs(count: number, prefix = 'r'): AuditInput[] {
  const actors: AuditInput['actor'][] = [
    { type: 'staff', id: '7', email: 'agent@example.com', role: 'support' },
    { type: 'customer', id: 'usr_1', email: 'zoe@example.com' },
    { type: 'system' },
    { type: 'anonymous', email: 'who@example.com' },
  ];
  return Array.from({ length: count }, (_, i) => {
    const requestId = `${prefix}${Math.floor(i / 2)}`;
    return {
      requestId,
      actor: actors[i % actors.length]!,
      ip: i % 3 ? '10.0.0.1' : null,
      userAgent: i % 5 === 0 ? `agent ${'x'.repeat(600)} ${i}` : 'Mozilla/5.0',
      action: i % 7 === 0 ? 'customer.view' : 'centra.subscription.status',
      outcome: i % 2 === 0 ? 'requested' : i % 6 === 5 ? 'failed' : 'succeeded',
      target: i % 4 ? { type: 'subscription', id: `${9000 + i}` } : null,
      customerId: `cus_${i % 11}`,
      request: { reason: `Moving abroad ${i}`, password: 'hunter2', link: 'https://connect.gigs.com/x?session=csn_1&token=abc' },
      before: i % 2 ? { status: 'active', nested: { a: [1, 2, { b: null }] } } : undefined,
      after: i % 2 ? { status: 'paused', ünïcode: 'Zoë Ångström' } : undefined,
      error: i % 6 === 5 ? { message: 'Centra did not answer', status: 504 } : undefined,
      upstreamRef: i % 2 ? `ref_${i}` : null,
    } satisfies AuditInput;
  });
}

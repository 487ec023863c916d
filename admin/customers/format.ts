/** How the customer page shows a subscription's state, and in which order. */
export const STATUS_COLOR: Record<string, 'success' | 'warning' | 'default' | 'error' | 'info'> = {
  active: 'success',
  pending: 'info',
  initiated: 'info',
  paused: 'warning',
  suspended: 'warning',
  ended: 'default',
  cancelled: 'default',
  revoked: 'error',
};

/**
 * What is over (an ended or cancelled subscription, a contract with nothing live) after what the
 * customer has now: that is what the agent looks for. Otherwise the upstream's order is kept.
 */
export function finishedLast<T>(items: T[], isOver: (item: T) => boolean): T[] {
  return [...items].sort((a, b) => Number(isOver(a)) - Number(isOver(b)));
}

/** Gigs on the customer page: Connect Session links prepared on the customer's behalf. */
export { SubscriptionActions } from './SubscriptionActions.tsx';
export { CustomerActions } from './CustomerActions.tsx';

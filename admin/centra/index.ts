/** Centra actions for the customer page's slots (admin/customers/slots.tsx). */
export { ContractActions } from './ContractActions.tsx';
export { SubscriptionActions } from './SubscriptionActions.tsx';

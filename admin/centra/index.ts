/** Centra actions on the customer page's Centra tab: the address, interval, quantity and status dialogs. */
export { ContractActions } from './ContractActions.tsx';
export { SubscriptionActions } from './SubscriptionActions.tsx';

/** The intents subdesk prepares, as POST /api/connect-sessions takes them (server/gigs/intents.ts). */
export type AgentIntent =
  | { type: 'checkoutNewSubscription'; plan: string }
  | { type: 'changeSubscription' | 'cancelSubscription' | 'resumeSubscription' | 'viewSubscription' | 'completePorting'; subscription: string }
  | { type: 'checkoutAddon'; subscription: string; addons: [string] }
  | { type: 'updatePaymentMethod' };

export type IntentType = AgentIntent['type'];

/** What the agent reads on buttons and in the links list. */
export const INTENT_LABEL: Record<IntentType, string> = {
  checkoutNewSubscription: 'New subscription',
  changeSubscription: 'Change plan',
  cancelSubscription: 'Cancel',
  resumeSubscription: 'Resume',
  viewSubscription: 'View',
  completePorting: 'Complete porting',
  checkoutAddon: 'Buy add-on',
  updatePaymentMethod: 'Update payment method',
};

/** What the customer will be asked to do in Connect, said to the agent before the link is made. */
export const INTENT_EXPLAINER: Record<IntentType, string> = {
  checkoutNewSubscription: 'The customer chooses how to get the SIM, pays and confirms the new subscription in Connect.',
  changeSubscription: 'The customer picks the new plan and confirms the change in Connect.',
  cancelSubscription: 'The customer confirms the cancellation in Connect (and may say why). The subscription keeps working until the end of its period.',
  resumeSubscription: 'The customer confirms in Connect that the cancellation is withdrawn.',
  viewSubscription: 'The customer sees this subscription in Connect. Nothing changes.',
  completePorting: 'The customer completes the transfer of their number in Connect.',
  checkoutAddon: 'The customer pays for the add-on and confirms in Connect.',
  updatePaymentMethod: 'The customer enters a new card or payment method in Connect.',
};

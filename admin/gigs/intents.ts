// The server's own types, imported as types only: nothing of the server reaches the bundle.
import type { AgentIntent, IntentType } from '../../server/gigs/intents.ts';

/** The intents subdesk prepares, as POST /api/connect-sessions takes them (server/gigs/intents.ts). */
export type { AgentIntent, IntentType };

type Words = Record<IntentType, string>;

/** What the links list and the link's page call each intent. */
export const INTENT_LABEL: Words = {
  checkoutNewSubscription: 'New subscription',
  changeSubscription: 'Change plan',
  cancelSubscription: 'Cancel',
  resumeSubscription: 'Resume',
  viewSubscription: 'View subscription',
  completePorting: 'Complete porting',
  checkoutAddon: 'Buy add-on',
  viewEsimInstallation: 'eSIM installation',
  updatePaymentMethod: 'Update payment method',
  updateUserAddress: 'Update address',
  updateUserFullName: 'Update name',
  viewSubscriptions: 'View subscriptions',
};

/** The buttons: each says that it makes a link for the customer, not the change itself. */
export const SEND_LABEL: Words = {
  checkoutNewSubscription: 'Send new-subscription link',
  changeSubscription: 'Send change-plan link',
  cancelSubscription: 'Send cancel link',
  resumeSubscription: 'Send resume link',
  viewSubscription: 'Send view link',
  completePorting: 'Send porting link',
  checkoutAddon: 'Send add-on link',
  viewEsimInstallation: 'Send eSIM-installation link',
  updatePaymentMethod: 'Send payment-method link',
  updateUserAddress: 'Send address link',
  updateUserFullName: 'Send name link',
  viewSubscriptions: 'Send subscriptions link',
};

/** The link in a sentence ("Sent a cancel link", "a change-plan link made 4 min ago"). */
export const LINK_NAME: Words = {
  checkoutNewSubscription: 'new-subscription link',
  changeSubscription: 'change-plan link',
  cancelSubscription: 'cancel link',
  resumeSubscription: 'resume link',
  viewSubscription: 'view link',
  completePorting: 'porting link',
  checkoutAddon: 'add-on link',
  viewEsimInstallation: 'eSIM-installation link',
  updatePaymentMethod: 'payment-method link',
  updateUserAddress: 'address link',
  updateUserFullName: 'name link',
  viewSubscriptions: 'subscriptions link',
};

/** What the customer will be asked to do in Connect, said to the agent before the link is made. */
export const INTENT_EXPLAINER: Words = {
  checkoutNewSubscription: 'The customer chooses how to get the SIM, pays and confirms the new subscription in Connect.',
  changeSubscription: 'The customer picks the new plan and confirms the change in Connect.',
  cancelSubscription: 'The customer confirms the cancellation in Connect (and may say why). The subscription keeps working until the end of its period.',
  resumeSubscription: 'The customer confirms in Connect that the cancellation is withdrawn.',
  viewSubscription: 'The customer sees this subscription in Connect. Nothing changes.',
  completePorting: 'The customer completes the transfer of their number in Connect.',
  checkoutAddon: 'The customer pays for the add-on and confirms in Connect.',
  viewEsimInstallation: 'The customer sees how to install this eSIM (the activation code to scan) in Connect. Nothing changes.',
  updatePaymentMethod: 'The customer enters a new card or payment method in Connect.',
  updateUserAddress: 'The customer enters their new address in Connect; Gigs keeps it on their account.',
  updateUserFullName: 'The customer corrects the name on their Gigs account in Connect.',
  viewSubscriptions: 'The customer sees all their subscriptions in Connect. Nothing changes.',
};

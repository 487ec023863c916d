/** Connect links: every link made for a customer, and one link's record. */
export const connectLinks = {
  connectLinks: {
    title: 'Connect links',
    one: 'Connect link',
    agentEmail: 'Agent e-mail',
    customerId: 'Customer id',
    intent: 'Intent',
    outcome: 'Outcome',
    made: 'Made',
    agent: 'Agent',
    customer: 'Customer',
    target: 'Target',
    settled: 'Settled',
    system: 'system',
    session: 'Session',
    subscription: 'Subscription',
    plan: 'Plan',
    planLine: '%{name} (%{id})',
    addons: 'Add-ons',
    gigsUser: 'Gigs user',
    newUser: 'new user (sign-up details sent)',
    connectSaid: 'Connect said',
    requestId: 'Request id (audit)',
    revokedNote:
      'Revoked in subdesk. Gigs offers no way to cancel a link: the customer may still be able to use it until it expires, and subdesk records it if they do.',
  },
};

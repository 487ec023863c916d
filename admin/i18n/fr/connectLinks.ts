import type { Messages } from '../messages.ts';
import type { connectLinks as en } from '../en/connectLinks.ts';

export const connectLinks: Messages<typeof en> = {
  connectLinks: {
    title: 'Liens Connect',
    one: 'Lien Connect',
    agentEmail: 'E-mail de l’agent',
    customerId: 'Identifiant client',
    intent: 'Objet',
    outcome: 'Résultat',
    made: 'Créé le',
    agent: 'Agent',
    customer: 'Client',
    target: 'Cible',
    settled: 'Réglé le',
    system: 'système',
    session: 'Session',
    subscription: 'Abonnement',
    plan: 'Offre',
    planLine: '%{name} (%{id})',
    addons: 'Options',
    gigsUser: 'Utilisateur Gigs',
    newUser: 'nouvel utilisateur (informations d’inscription envoyées)',
    connectSaid: 'Réponse de Connect',
    requestId: 'Identifiant de requête (audit)',
    revokedNote:
      'Révoqué dans subdesk. Gigs ne permet pas d’annuler un lien : le client pourra peut-être encore l’utiliser jusqu’à son expiration, et subdesk l’enregistre s’il le fait.',
  },
};

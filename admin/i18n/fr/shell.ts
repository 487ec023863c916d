import type { Messages } from '../messages.ts';
import type { shell as en } from '../en/shell.ts';

export const shell: Messages<typeof en> = {
  menu: {
    label: 'Menu principal',
    status: 'État',
    customers: 'Clients',
    connectLinks: 'Liens Connect',
    plans: 'Offres',
    audit: 'Journal d’audit',
    staff: 'Équipe',
    api: 'API',
  },
  account: {
    changePassword: 'Changer de mot de passe',
    signOut: 'Se déconnecter',
  },
  session: {
    inSeconds: 'dans %{smart_count} seconde |||| dans %{smart_count} secondes',
    signOutNow: 'Se déconnecter maintenant',
    idle: {
      title: 'Toujours là ?',
      text: 'Rien n’a été envoyé à subdesk depuis %{minutes} minutes : vous serez déconnecté %{when}. Ce que vous avez saisi reste à l’écran dans tous les cas.',
      stay: 'Rester connecté',
    },
    limit: {
      title: 'Votre session va se terminer',
      text: 'Une session dure 12 heures au plus : vous serez déconnecté %{when}. Reconnectez-vous alors ; cet écran reste tel quel.',
      ok: 'OK',
    },
    again: {
      title: 'Reconnectez-vous pour continuer',
      keeps: 'Tout ce qui est à l’écran reste en place, y compris ce que vous avez saisi.',
      idle: 'Vous avez été déconnecté après %{minutes} minutes d’inactivité.',
      elsewhere: 'Vous vous êtes déconnecté dans un autre onglet.',
      ended: 'Votre session a pris fin : un administrateur l’a peut-être terminée, ou votre mot de passe a changé.',
      someoneElse: 'Se connecter sous un autre compte',
    },
    pleaseSignIn: 'Connectez-vous pour continuer.',
    endedSignInAgain: 'Votre session a pris fin. Reconnectez-vous.',
  },
  login: {
    pageTitle: 'Connexion · subdesk',
    heading: 'Connexion à subdesk',
    email: 'E-mail',
    password: 'Mot de passe',
    signIn: 'Se connecter',
    failed: 'La connexion a échoué. Réessayez.',
    sandbox: {
      label: 'Comptes de démonstration',
      title: 'Mode bac à sable',
      text: 'Comptes de démonstration : %{emails}. Le mot de passe est SUBDESK_DEMO_PASSWORD, ou celui affiché au démarrage du serveur.',
    },
  },
  password: {
    heading: 'Choisissez votre mot de passe',
    oneTime: 'Vous vous êtes connecté avec un mot de passe à usage unique.',
    advice: 'Choisissez un mot de passe d’au moins 12 caractères que vous n’utilisez nulle part ailleurs. Quelques mots sans rapport entre eux font l’affaire.',
    oneTimeLabel: 'Mot de passe à usage unique',
    current: 'Mot de passe actuel',
    new: 'Nouveau mot de passe',
    newHelp: 'Au moins 12 caractères.',
    repeat: 'Répétez le nouveau mot de passe',
    mismatch: 'ne correspond pas au nouveau mot de passe',
    save: 'Enregistrer le mot de passe',
    saved: 'Votre mot de passe a été changé.',
    failed: 'Le mot de passe n’a pas pu être changé.',
  },
  search: {
    label: 'Rechercher des clients',
    placeholder: 'E-mail, nom, téléphone ou tout identifiant ( / )',
    found: '%{count} client trouvé |||| %{count} clients trouvés',
    noMatch: 'Aucun client ne correspond. Essayez une partie de l’e-mail, les derniers chiffres du numéro de téléphone ou un identifiant.',
  },
};

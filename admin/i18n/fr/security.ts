import type { Messages } from '../messages.ts';
import type { security as en } from '../en/security.ts';

export const security: Messages<typeof en> = {
  security: {
    title: 'Méthodes de connexion',
    unreadable: 'Vos méthodes de connexion n’ont pas pu être lues.',
    password: 'Mot de passe',
    factors: 'Seconds facteurs',
    required: 'Votre rôle en exige au moins un : il vous est demandé après votre mot de passe à chaque connexion.',
    optional: 'Facultatif pour votre rôle. Dès que vous en ajoutez un, il vous est demandé après votre mot de passe à chaque connexion.',
    passkeysElsewhere:
      'Les clés d’accès ne fonctionnent qu’à l’adresse %{origin}, et cette page est ouverte à une autre adresse : impossible d’en ajouter ou d’en utiliser ici.',
    kinds: { passkey: 'Clé d’accès', totp: 'Application d’authentification' },
    factorsTable: 'Vos seconds facteurs',
    columns: { kind: 'Type', name: 'Nom', added: 'Ajouté le', lastUsed: 'Dernière utilisation', actions: 'Actions' },
    never: 'jamais',
    remove: 'Supprimer',
    removeNamed: 'Supprimer %{label}',
    keepOne: 'Votre rôle doit conserver un second facteur : ajoutez-en d’abord un autre.',
    none: 'Aucun second facteur pour l’instant : votre mot de passe suffit pour vous connecter.',
    add: 'Ajouter une clé d’accès ou une application',
    recoveryCodes: 'Codes de secours',
    codesLeft: 'Il en reste %{left} sur 10. Chacun sert une fois à la connexion, lorsque votre clé d’accès ou votre application n’est pas à portée de main.',
    codesComeWithFirst: 'Ils vous sont remis avec votre premier second facteur.',
    newCodes: 'Obtenir de nouveaux codes de secours',
    addTitle: 'Ajouter un second facteur',
    added: { passkey: 'Clé d’accès ajoutée.', totp: 'Application d’authentification ajoutée.' },
    codesTitle: 'Vos codes de secours',
    done: 'Terminé',
    removeTitle: 'Supprimer %{label} ?',
    removeText: 'Ce facteur ne permettra plus de vous connecter. Saisissez votre mot de passe pour confirmer.',
    removeLastText:
      'Ce facteur ne permettra plus de vous connecter. C’est votre dernier second facteur : vos codes de secours disparaissent avec lui, et votre mot de passe suffira pour vous connecter. Saisissez votre mot de passe pour confirmer.',
    removed: 'Supprimé : %{label}.',
    renewTitle: 'Obtenir de nouveaux codes de secours ?',
    renewConfirm: 'Obtenir de nouveaux codes',
    renewText: 'Vos codes de secours actuels cessent aussitôt de fonctionner. Saisissez votre mot de passe pour confirmer.',
    yourPassword: 'Votre mot de passe',
  },
};

import type { Messages } from '../messages.ts';
import type { common as en } from '../en/common.ts';

export const common: Messages<typeof en> = {
  common: {
    close: 'Fermer',
    cancel: 'Annuler',
    empty: '(vide)',
    someone: 'quelqu’un',
    justNow: 'à l’instant',
    loading: 'Chargement…',
  },
  statuses: {
    active: 'actif',
    pending: 'en attente',
    initiated: 'initié',
    paused: 'en pause',
    suspended: 'suspendu',
    ended: 'terminé',
    cancelled: 'annulé',
    revoked: 'révoqué',
    expired: 'expiré',
    failed: 'en échec',
    inactive: 'inactif',
    deleted: 'supprimé',
    available: 'disponible',
    archived: 'archivé',
    draft: 'brouillon',
    unlisted: 'non listé',
    retired: 'retiré',
  },
  outcomes: {
    audit: {
      succeeded: 'réussi',
      failed: 'échoué',
      denied: 'refusé',
      requested: 'demandé',
      unknown: 'résultat inconnu',
    },
    link: {
      pending: 'en attente',
      completed: 'finalisé',
      abandoned: 'abandonné',
      failed: 'échoué',
      revoked: 'révoqué',
    },
  },
};

import type { Messages } from '../messages.ts';
import type { charts as en } from '../en/charts.ts';

export const charts: Messages<typeof en> = {
  charts: {
    tableOf: 'Afficher les chiffres de « %{title} » sous forme de tableau',
    loadFailed: 'Un graphique n’a pas pu être chargé : %{message}',
    loading: 'Chargement des graphiques',
    loadingOne: 'Chargement du graphique',
    plan: 'Offre',
    all: 'Total',
    gigsPerPlan: 'Abonnements Gigs par offre',
    centraPerPlan: 'Abonnements Centra par formule',
    statusSummary: '%{title} : %{total} abonnements sur %{plans} offres.',
    statusSummaryPlan: '%{plan} : %{counts}',
    statusNone: '%{title} : aucun abonnement décompté pour l’instant.',
    countOf: '%{count} %{status}',
    weekly: 'Abonnements nouveaux et annulés par semaine',
    weekOf: 'Semaine du',
    soFar: '%{week} (en cours)',
    newGigs: 'Nouveaux, Gigs',
    newCentra: 'Nouveaux, Centra',
    cancelledGigs: 'Annulés, Gigs',
    cancelledCentra: 'Annulés, Centra',
    weeklySummary:
      'Abonnements nouveaux et annulés par semaine, %{weeks} dernières semaines à partir du %{from} : %{new} nouveaux (%{newGigs} Gigs, %{newCentra} Centra), %{cancelled} annulés (%{cancelledGigs} Gigs, %{cancelledCentra} Centra).',
    busiest: 'Semaine la plus chargée en nouveaux abonnements : %{week} (%{count}).',
    busiestNone: 'Semaine la plus chargée en nouveaux abonnements : aucune.',
    weeklyNote:
      'Nouveaux : date de création de chaque abonnement (les deux systèmes). Annulés : les dates de résiliation de Gigs, et pour Centra les résiliations faites dans subdesk (journal d’audit) ; Centra n’indique pas quand les autres résiliations ont eu lieu. Décompté le %{time}. La dernière semaine est la semaine en cours, jusqu’ici.',
  },
};

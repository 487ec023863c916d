/** The charts' own words: their frames and tables (Plans and the Audit log), and the plans' charts. */
export const charts = {
  charts: {
    tableOf: 'Show the numbers of “%{title}” as a table',
    loadFailed: 'A chart could not be loaded: %{message}',
    loading: 'Loading the charts',
    loadingOne: 'Loading the chart',
    plan: 'Plan',
    all: 'All',
    gigsPerPlan: 'Gigs subscriptions per plan',
    centraPerPlan: 'Centra subscriptions per plan',
    statusSummary: '%{title}: %{total} subscriptions on %{plans} plans.',
    statusSummaryPlan: '%{plan}: %{counts}',
    statusNone: '%{title}: no subscriptions counted yet.',
    countOf: '%{count} %{status}',
    weekly: 'New and cancelled subscriptions per week',
    weekOf: 'Week of',
    soFar: '%{week} (so far)',
    newGigs: 'New, Gigs',
    newCentra: 'New, Centra',
    cancelledGigs: 'Cancelled, Gigs',
    cancelledCentra: 'Cancelled, Centra',
    weeklySummary:
      'New and cancelled subscriptions per week, last %{weeks} weeks from %{from}: %{new} new (%{newGigs} Gigs, %{newCentra} Centra), %{cancelled} cancelled (%{cancelledGigs} Gigs, %{cancelledCentra} Centra).',
    busiest: 'Busiest week for new subscriptions: %{week} (%{count}).',
    busiestNone: 'Busiest week for new subscriptions: none.',
    weeklyNote:
      'New: when each subscription was created (both systems). Cancelled: Gigs’ own cancellation dates, and for Centra the cancellations made in subdesk (audit log); Centra does not say when other cancellations happened. Counted %{time}. The last week is the current one, so far.',
  },
};

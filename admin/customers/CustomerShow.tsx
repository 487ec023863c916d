import { Show, TabbedShowLayout } from 'react-admin';
import { CustomerHeader } from './CustomerHeader.tsx';
import { GigsTab } from './GigsTab.tsx';
import { CentraTab } from './CentraTab.tsx';
import { HistoryTab } from './HistoryTab.tsx';

/**
 * The customer page: header from the index, tabs with live data from each system. Every load is a
 * `customer.view` audit entry, so it is not refetched on window focus.
 */
export function CustomerShow() {
  return (
    <Show queryOptions={{ refetchOnWindowFocus: false }} title="Customer">
      <CustomerHeader />
      <TabbedShowLayout>
        <TabbedShowLayout.Tab label="Gigs">
          <GigsTab />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="Centra" path="centra">
          <CentraTab />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label="History" path="history">
          <HistoryTab />
        </TabbedShowLayout.Tab>
      </TabbedShowLayout>
    </Show>
  );
}

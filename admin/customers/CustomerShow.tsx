import { useEffect, useRef } from 'react';
import { Show, TabbedShowLayout, TabbedShowLayoutTabs, useRecordContext } from 'react-admin';
import { useLocation, useNavigate } from 'react-router-dom';
import { CustomerHeader } from './CustomerHeader.tsx';
import { GigsTab } from './GigsTab.tsx';
import { CentraTab } from './CentraTab.tsx';
import { TimelineTab } from './timeline/index.ts';
import type { CustomerRecord } from './types.ts';
import { useT, type Translate } from '../i18n/index.ts';

const liveLabel = (t: Translate, system: string, live: number | undefined) => (live === undefined ? system : t('customer.tabLive', { system, count: live }));

/**
 * Opening a customer lands on the tab where they have something live: the Centra tab when Gigs
 * has nothing live and Centra has. Only on arrival (once the live record is in), never when the
 * agent chose the Gigs tab themselves.
 */
function OpenOnLiveTab() {
  const c = useRecordContext<CustomerRecord>();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const decided = useRef<string | null>(null);
  useEffect(() => {
    // Until the live answer arrives the record is the list's row, without upstream data.
    if (!c?.gigs || decided.current === c.id) return;
    decided.current = c.id;
    if (pathname.endsWith('/show') && c.gigsLive === 0 && c.centraLive > 0) navigate(`${pathname}/centra`, { replace: true });
  }, [c, pathname, navigate]);
  return null;
}

function Tabs() {
  const c = useRecordContext<CustomerRecord>();
  const t = useT();
  return (
    // Scrollable: three labelled tabs are wider than a phone.
    <TabbedShowLayout tabs={<TabbedShowLayoutTabs variant="scrollable" scrollButtons="auto" allowScrollButtonsMobile />}>
      <TabbedShowLayout.Tab label={liveLabel(t, 'Gigs', c?.gigsLive)}>
        <GigsTab />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label={liveLabel(t, 'Centra', c?.centraLive)} path="centra">
        <CentraTab />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="customer.historyTab" path="history">
        <TimelineTab />
      </TabbedShowLayout.Tab>
    </TabbedShowLayout>
  );
}

/**
 * The customer page: header from the index, tabs with live data from each system and the
 * support timeline. Every load is a `customer.view` audit entry, so it is not refetched on
 * window focus.
 */
export function CustomerShow() {
  return (
    <Show queryOptions={{ refetchOnWindowFocus: false }} title="customer.title">
      <CustomerHeader />
      <OpenOnLiveTab />
      <Tabs />
    </Show>
  );
}

import { Title, useCanAccess } from 'react-admin';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { Alert, Box, Tab, Tabs } from '@mui/material';
import { FreshnessNote } from './Freshness.tsx';
import { GigsPlansTab } from './GigsPlansTab.tsx';
import { GigsAddonsTab } from './GigsAddonsTab.tsx';
import { CentraTab } from './CentraTab.tsx';
import { ChartsTab } from './ChartsTab.tsx';
import { PlanDetail } from './PlanDetail.tsx';
import { TABS, type TabKey } from './types.ts';
import { useT } from '../i18n/index.ts';

const isTab = (v: string | undefined): v is TabKey => (TABS as readonly (string | undefined)[]).includes(v);

/**
 * The merchandisers' page (#/plans, #/plans/<tab>, #/plans/<list>/<id> for a deep link to one plan,
 * add-on or product): both catalogues with how many subscriptions use them, aggregates only.
 */
export function PlansPage() {
  const { tab: rawTab, id } = useParams();
  const navigate = useNavigate();
  // The list's filter and sort (its URL query) stay with the tab and across a detail.
  const { search } = useLocation();
  const { canAccess, isPending } = useCanAccess({ resource: 'plans', action: 'list' });
  const t = useT();
  // Products have no tab of their own: their deep link opens over the Centra tab.
  const tab: TabKey = rawTab === 'centra-products' ? 'centra' : isTab(rawTab) ? rawTab : 'gigs';
  const detailKind = rawTab === 'centra-products' ? 'centra-products' : tab;
  if (isPending) return null;
  if (!canAccess)
    return (
      <Alert severity="warning" sx={{ mt: 2 }}>
        {t('plans.cannotSee')}
      </Alert>
    );
  return (
    <Box sx={{ mt: 1 }}>
      <Title title="plans.title" />
      <FreshnessNote />
      <Tabs value={tab} onChange={(_, v: TabKey) => navigate(`/plans/${v}`)} aria-label={t('plans.sections')} variant="scrollable" sx={{ mb: 1 }}>
        {TABS.map((key) => (
          <Tab key={key} value={key} label={t(`plans.tabs.${key}`)} id={`plans-tab-${key}`} aria-controls="plans-tabpanel" />
        ))}
      </Tabs>
      <div role="tabpanel" id="plans-tabpanel" aria-labelledby={`plans-tab-${tab}`}>
        {tab === 'gigs' && <GigsPlansTab />}
        {tab === 'gigs-addons' && <GigsAddonsTab />}
        {tab === 'centra' && <CentraTab />}
        {tab === 'charts' && <ChartsTab />}
      </div>
      {id && tab !== 'charts' && <PlanDetail kind={detailKind} id={id} onClose={() => navigate(`/plans/${tab}${search}`)} />}
    </Box>
  );
}

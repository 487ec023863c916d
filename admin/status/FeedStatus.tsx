import { Card, CardContent, CardHeader, Chip, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useDataProvider } from 'react-admin';
import type { SubdeskDataProvider } from '../dataProvider.ts';
import type { CentraFeedStatus } from '../../server/customers/crawl/centra-events.ts';
import { useFormat, useT, type MessageKey } from '../i18n/index.ts';

type Feed = {
  feed: 'gigs' | 'centra';
  on: boolean;
  lastReceived: { at: string; type: string } | null;
  lastApplied: { at: string; type: string; outcome: string | null } | null;
  backlog: number;
  retrying: number;
  refusedLastHour: number;
  lastError: { at: string; message: string } | null;
};

const TITLE: Record<Feed['feed'], MessageKey> = { gigs: 'status.feeds.gigs', centra: 'status.feeds.centra' };
const HOW_TO_TURN_ON: Record<Feed['feed'], MessageKey> = { gigs: 'status.feeds.gigsOff', centra: 'status.feeds.centraOff' };
/** `com.gigs.subscription.updated` → `subscription.updated`. */
const shortType = (type: string) => type.replace(/^com\.gigs\./, '');

function FeedCard({ feed }: { feed: Feed }) {
  const healthy = feed.on && !feed.retrying;
  const t = useT();
  const format = useFormat();
  const n = format.count;
  const received = feed.lastReceived && t('status.feeds.event', { time: format.dateTime(feed.lastReceived.at), type: shortType(feed.lastReceived.type) });
  const applied =
    feed.lastApplied &&
    t('status.feeds.eventOutcome', {
      time: format.dateTime(feed.lastApplied.at),
      type: shortType(feed.lastApplied.type),
      outcome: feed.lastApplied.outcome ?? '',
    });
  return (
    <Card variant="outlined" sx={{ minWidth: 320, maxWidth: 480 }} role="region" aria-label={t(TITLE[feed.feed])}>
      <CardHeader title={t(TITLE[feed.feed])} />
      <CardContent>
        {feed.on ? (
          <Stack spacing={1}>
            <Stack direction="row" spacing={1}>
              <Chip label={t(healthy ? 'status.feeds.on' : 'status.feeds.retrying')} color={healthy ? 'success' : 'warning'} />
              <Chip label={t('status.feeds.backlog', { count: n(feed.backlog) })} variant="outlined" />
            </Stack>
            <Typography variant="body2">{t('status.feeds.lastReceived', { what: received || t('status.feeds.nothingYet') })}</Typography>
            <Typography variant="body2">{t('status.feeds.lastApplied', { what: applied || t('status.feeds.nothingYet') })}</Typography>
            <Typography variant="body2">{t('status.feeds.refused', { count: n(feed.refusedLastHour) })}</Typography>
            {feed.retrying > 0 && (
              <Typography variant="body2" color="warning.main">
                {feed.lastError
                  ? t('status.feeds.waitingWhy', { count: n(feed.retrying), message: feed.lastError.message })
                  : t('status.feeds.waiting', { count: n(feed.retrying) })}
              </Typography>
            )}
          </Stack>
        ) : (
          <Stack spacing={1}>
            <Chip label={t('status.feeds.off')} sx={{ alignSelf: 'flex-start' }} />
            <Typography variant="body2">{t(HOW_TO_TURN_ON[feed.feed])}</Typography>
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}

const CENTRA_STATE: Record<CentraFeedStatus['state'], { label: MessageKey; color: 'success' | 'warning' | 'default' }> = {
  on: { label: 'status.feeds.on', color: 'success' },
  starting: { label: 'status.feeds.starting', color: 'default' },
  unavailable: { label: 'status.feeds.unavailable', color: 'warning' },
  off: { label: 'status.feeds.off', color: 'default' },
};

/** Whether Centra's Events are read (server/customers/crawl/centra-events.ts), and if not, why (events not enabled, a token without Event:read/write). */
function CentraEventsCard({ events }: { events: CentraFeedStatus }) {
  const t = useT();
  const format = useFormat();
  const state = CENTRA_STATE[events.state];
  const when = (at: string | null) => (at ? format.dateTime(at) : t('status.feeds.nothingYet'));
  return (
    <Card variant="outlined" sx={{ minWidth: 320, maxWidth: 480 }} role="region" aria-label={t('status.feeds.centra')}>
      <CardHeader title={t('status.feeds.centra')} />
      <CardContent>
        <Stack spacing={1}>
          <Stack direction="row" spacing={1}>
            <Chip label={t(state.label)} color={state.color} />
            {events.backlog && <Chip label={t('status.feeds.centraMore')} variant="outlined" />}
          </Stack>
          {events.state === 'off' && <Typography variant="body2">{t('status.feeds.centraOff')}</Typography>}
          {events.state === 'unavailable' && (
            <Typography variant="body2" color="warning.main">
              {t('status.feeds.centraUnavailable', { reason: events.reason ?? '' })}
            </Typography>
          )}
          {(events.state === 'on' || events.state === 'starting') && (
            <>
              <Typography variant="body2">{t('status.feeds.centraPolled', { seconds: events.intervalSeconds, what: when(events.lastPollAt) })}</Typography>
              <Typography variant="body2">
                {t('status.feeds.centraApplied', { count: format.count(events.appliedSinceStart), what: when(events.lastEventAt) })}
              </Typography>
            </>
          )}
          {events.error && (
            <Typography variant="body2" color="warning.main">
              {t('status.feeds.centraError', { message: events.error })}
            </Typography>
          )}
          {events.notes.map((note) => (
            <Typography key={note} variant="body2" color="text.secondary">
              {note}
            </Typography>
          ))}
        </Stack>
      </CardContent>
    </Card>
  );
}

/** The upstreams' change feeds: what arrived, what was applied, what waits, what was refused. */
export function FeedStatus() {
  const dataProvider = useDataProvider<SubdeskDataProvider>();
  const { data, error } = useQuery({
    queryKey: ['status', 'feeds'],
    queryFn: () => dataProvider.get<{ feeds: Feed[]; centraEvents: CentraFeedStatus }>('status'),
    refetchInterval: 5000,
  });
  const t = useT();
  if (error && !data) return <Typography color="error">{t('status.feeds.unreadable', { message: (error as Error).message })}</Typography>;
  if (!data) return <Typography>{t('status.feeds.reading')}</Typography>;
  return (
    <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {data.feeds.map((f) => (
        <FeedCard key={f.feed} feed={f} />
      ))}
      <CentraEventsCard events={data.centraEvents} />
    </Stack>
  );
}

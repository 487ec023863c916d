import { Card, CardContent, CardHeader, Chip, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useDataProvider } from 'react-admin';
import type { SubdeskDataProvider } from '../dataProvider.ts';
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

/** The upstreams' change feeds: what arrived, what was applied, what waits, what was refused. */
export function FeedStatus() {
  const dataProvider = useDataProvider<SubdeskDataProvider>();
  const { data, error } = useQuery({
    queryKey: ['status', 'feeds'],
    queryFn: () => dataProvider.get<{ feeds: Feed[] }>('status'),
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
    </Stack>
  );
}

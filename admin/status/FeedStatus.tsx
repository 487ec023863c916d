import { Card, CardContent, CardHeader, Chip, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useDataProvider } from 'react-admin';
import type { SubdeskDataProvider } from '../dataProvider.ts';

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

const TITLE: Record<Feed['feed'], string> = { gigs: 'Gigs webhooks', centra: 'Centra events' };
const HOW_TO_TURN_ON: Record<Feed['feed'], string> = {
  gigs: 'Off: set GIGS_WEBHOOK_SECRET (the endpoint secret from the Gigs dashboard) to receive them. Until then the customer index is kept fresh by crawls only.',
  centra: 'Off.',
};

const n = (v: number) => v.toLocaleString('en');
const when = (iso: string) => new Date(iso).toLocaleString('en-GB');
/** `com.gigs.subscription.updated` → `subscription.updated`. */
const shortType = (type: string) => type.replace(/^com\.gigs\./, '');

function FeedCard({ feed }: { feed: Feed }) {
  const healthy = feed.on && !feed.retrying;
  return (
    <Card variant="outlined" sx={{ minWidth: 320, maxWidth: 480 }} role="region" aria-label={TITLE[feed.feed]}>
      <CardHeader title={TITLE[feed.feed]} />
      <CardContent>
        {feed.on ? (
          <Stack spacing={1}>
            <Stack direction="row" spacing={1}>
              <Chip label={healthy ? 'On' : 'On, retrying'} color={healthy ? 'success' : 'warning'} />
              <Chip label={`Backlog ${n(feed.backlog)}`} variant="outlined" />
            </Stack>
            <Typography variant="body2">
              Last received: {feed.lastReceived ? `${when(feed.lastReceived.at)} (${shortType(feed.lastReceived.type)})` : 'nothing yet'}
            </Typography>
            <Typography variant="body2">
              Last applied: {feed.lastApplied ? `${when(feed.lastApplied.at)} (${shortType(feed.lastApplied.type)}, ${feed.lastApplied.outcome})` : 'nothing yet'}
            </Typography>
            <Typography variant="body2">Refused in the last hour (bad or missing signature): {n(feed.refusedLastHour)}</Typography>
            {feed.retrying > 0 && (
              <Typography variant="body2" color="warning.main">
                {n(feed.retrying)} waiting to be tried again{feed.lastError ? `: ${feed.lastError.message}` : ''}
              </Typography>
            )}
          </Stack>
        ) : (
          <Stack spacing={1}>
            <Chip label="Off" sx={{ alignSelf: 'flex-start' }} />
            <Typography variant="body2">{HOW_TO_TURN_ON[feed.feed]}</Typography>
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
  if (error && !data) return <Typography color="error">The change feeds' status could not be read: {(error as Error).message}</Typography>;
  if (!data) return <Typography>Reading the change feeds…</Typography>;
  return (
    <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {data.feeds.map((f) => (
        <FeedCard key={f.feed} feed={f} />
      ))}
    </Stack>
  );
}

import { useState } from 'react';
import { Alert, Box, Button, List, ListItem, ListItemText, Typography } from '@mui/material';
import { Confirm, useDataProvider, useGetList, useGetMany, useNotify } from 'react-admin';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SubdeskDataProvider } from '../../dataProvider.ts';
import type { ConnectLinkRecord } from '../../connect-links/types.ts';
import { useIntentWords } from '../../gigs/intents.ts';
import { useT, type Translate } from '../../i18n/index.ts';
import { isUnreachable, type CustomerRecord } from '../types.ts';
import { useMadeAgo } from '../age.ts';

/** What a link is for, in words: the plan of its subscription, or the plan it sells, by name. */
function subjectOf(link: ConnectLinkRecord, customer: CustomerRecord, planNames: Map<string, string>, t: Translate): string {
  const gigs = customer.gigs && !isUnreachable(customer.gigs) ? customer.gigs : null;
  const sub = link.subscriptionId ? gigs?.subscriptions.find((s) => s.id === link.subscriptionId) : undefined;
  if (sub) return t('timeline.planOf', { plan: sub.plan?.name ?? t('pendingLinks.subscription'), id: sub.id });
  if (link.planId) return planNames.get(link.planId) ?? link.planId;
  return link.subscriptionId ?? customer.email ?? '';
}

/** Revoke, after the agent has read what it can and cannot do (Gigs documents no way to cancel a link: server/gigs/revoke.ts). */
export function RevokeButton({ link, label }: { link: ConnectLinkRecord; label: string }) {
  const dataProvider = useDataProvider<SubdeskDataProvider>();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const t = useT();
  const revoke = useMutation({
    mutationFn: () => dataProvider.revokeConnectLink(link.id),
    onSuccess: async () => {
      notify(t('pendingLinks.revoked'), { type: 'success' });
      setAsking(false);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['connect-sessions'] }),
        queryClient.invalidateQueries({ queryKey: ['customer-timeline'] }),
      ]);
    },
    onError: (err: Error) => {
      notify(err.message, { type: 'error' });
      setAsking(false);
    },
  });
  return (
    <>
      <Button size="small" color="warning" onClick={() => setAsking(true)} aria-label={t('pendingLinks.revokeLabel', { link: label })}>
        {t('pendingLinks.revoke')}
      </Button>
      <Confirm
        isOpen={asking}
        loading={revoke.isPending}
        title={t('pendingLinks.revokeTitle', { link: label })}
        content="pendingLinks.caveat"
        confirm="pendingLinks.revokeConfirm"
        confirmColor="warning"
        onConfirm={() => revoke.mutate()}
        onClose={() => setAsking(false)}
      />
    </>
  );
}

/** This customer's Connect links still waiting for them, with their age: revoke a wrong one. */
export function PendingLinks({ customer }: { customer: CustomerRecord }) {
  const { data, error } = useGetList<ConnectLinkRecord>('connect-sessions', {
    filter: { customerId: customer.id, outcome: 'pending' },
    sort: { field: 'createdAt', order: 'DESC' },
    pagination: { page: 1, perPage: 20 },
  });
  // New-subscription links name a plan and no subscription: their plan's name comes from the catalogue.
  const planIds = [...new Set((data ?? []).filter((l) => !l.subscriptionId && l.planId).map((l) => l.planId!))];
  const { data: plans } = useGetMany<{ id: string; name: string }>('gigs-plans', { ids: planIds }, { enabled: planIds.length > 0 });
  const planNames = new Map((plans ?? []).map((p) => [p.id, p.name]));
  const t = useT();
  const intents = useIntentWords();
  const madeAgo = useMadeAgo();
  if (error) return <Alert severity="error">{t('pendingLinks.unreadable', { message: (error as Error).message })}</Alert>;
  if (!data?.length) return null;
  return (
    <Box component="section" aria-label={t('pendingLinks.section')}>
      <Typography variant="subtitle2" component="h2">
        {t('pendingLinks.section')}
      </Typography>
      <List dense disablePadding>
        {data.map((link) => (
          <ListItem key={link.id} disableGutters secondaryAction={<RevokeButton link={link} label={intents.link(link.intent)} />}>
            <ListItemText
              primary={t('pendingLinks.title', { intent: intents.label(link.intent), subject: subjectOf(link, customer, planNames, t) })}
              secondary={t('pendingLinks.made', { ago: madeAgo(link.createdAt), who: link.staffEmail ?? t('common.someone') })}
            />
          </ListItem>
        ))}
      </List>
    </Box>
  );
}

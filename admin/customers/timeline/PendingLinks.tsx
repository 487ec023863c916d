import { useState } from 'react';
import { Alert, Box, Button, List, ListItem, ListItemText, Typography } from '@mui/material';
import { Confirm, useDataProvider, useGetList, useGetMany, useNotify } from 'react-admin';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SubdeskDataProvider } from '../../dataProvider.ts';
import type { ConnectLinkRecord } from '../../connect-links/types.ts';
import { INTENT_LABEL, LINK_NAME, type IntentType } from '../../gigs/intents.ts';
import { t } from './describe.ts';
import { isUnreachable, type CustomerRecord } from '../types.ts';
import { madeAgo } from '../age.ts';

/** Gigs documents no way to cancel a link (server/gigs/revoke.ts says the same to the audit log). */
export const REVOKE_CAVEAT =
  'Revoking takes the link off subdesk\'s pending list and records who did it. Gigs offers no way to cancel a link: the customer may still be able to use it until it expires. If they do, subdesk records what they did.';

/** What a link is for, in words: the plan of its subscription, or the plan it sells, by name. */
function subjectOf(link: ConnectLinkRecord, customer: CustomerRecord, planNames: Map<string, string>): string {
  const gigs = customer.gigs && !isUnreachable(customer.gigs) ? customer.gigs : null;
  const sub = link.subscriptionId ? gigs?.subscriptions.find((s) => s.id === link.subscriptionId) : undefined;
  if (sub) return `${sub.plan?.name ?? 'subscription'} (${sub.id})`;
  if (link.planId) return planNames.get(link.planId) ?? link.planId;
  return link.subscriptionId ?? customer.email ?? '';
}

/** Revoke, after the agent has read what it can and cannot do. */
export function RevokeButton({ link, label }: { link: ConnectLinkRecord; label: string }) {
  const dataProvider = useDataProvider<SubdeskDataProvider>();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const revoke = useMutation({
    mutationFn: () => dataProvider.revokeConnectLink(link.id),
    onSuccess: async () => {
      notify('Link revoked in subdesk.', { type: 'success' });
      setAsking(false);
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['connect-sessions'] }), queryClient.invalidateQueries({ queryKey: ['customer-timeline'] })]);
    },
    onError: (err: Error) => {
      notify(err.message, { type: 'error' });
      setAsking(false);
    },
  });
  return (
    <>
      <Button size="small" color="warning" onClick={() => setAsking(true)} aria-label={`Revoke ${label}`}>
        Revoke
      </Button>
      <Confirm isOpen={asking} loading={revoke.isPending} title={`Revoke this ${label}?`} content={REVOKE_CAVEAT} confirm="Revoke link" confirmColor="warning" onConfirm={() => revoke.mutate()} onClose={() => setAsking(false)} />
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
  if (error) return <Alert severity="error">The pending Connect links could not be read: {(error as Error).message}</Alert>;
  if (!data?.length) return null;
  return (
    <Box component="section" aria-label="Pending Connect links">
      <Typography variant="subtitle2" component="h2">
        Pending Connect links
      </Typography>
      <List dense disablePadding>
        {data.map((link) => {
          const intent = link.intent as IntentType;
          return (
            <ListItem key={link.id} disableGutters secondaryAction={<RevokeButton link={link} label={LINK_NAME[intent] ?? link.intent} />}>
              <ListItemText
                primary={t('pendingTitle', { intent: INTENT_LABEL[intent] ?? link.intent, subject: subjectOf(link, customer, planNames) })}
                secondary={t('pendingMade', { ago: madeAgo(link.createdAt), who: link.staffEmail ?? 'someone' })}
              />
            </ListItem>
          );
        })}
      </List>
    </Box>
  );
}

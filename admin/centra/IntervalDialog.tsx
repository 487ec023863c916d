import { useEffect, useId, useState, type FormEvent } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, FormControl, FormControlLabel, FormLabel, Radio, RadioGroup, Typography } from '@mui/material';
import type { CentraSubscription } from '../customers/types.ts';
import { formatDate, formatInterval, orNoValue } from '../../server/vocabulary/index.ts';
import { centraApi } from './api.ts';
import { useChange } from './useChange.ts';
import { useSubscriptionPreview } from './useSubscriptionPreview.ts';
import { PreviewState } from './Loading.tsx';
import { productLabel } from './labels.ts';

/**
 * Moves a subscription to another plan. Only the plans offering its item now are listed, each with
 * interval and discount; the agent sees the next order date (it stays) and the one after it, now
 * and after the change. When the item is in no plan, the dialog says so instead of an empty list.
 */
export function IntervalDialog({ subscription, open, onClose }: { subscription: CentraSubscription; open: boolean; onClose: () => void }) {
  const titleId = useId();
  const { preview, error: readError } = useSubscriptionPreview(subscription.id, open);
  const [planId, setPlanId] = useState('');
  const { saving, error, setError, submit } = useChange(onClose);
  useEffect(() => {
    if (open) {
      setPlanId('');
      setError(null);
    }
  }, [open, setError]);

  const chosen = preview?.intervalOptions.find((o) => o.planId === planId);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (chosen && !chosen.current) void submit(() => centraApi.changeInterval(subscription.id, chosen.planId));
  };

  return (
    <Dialog open={open} onClose={saving ? undefined : onClose} aria-labelledby={titleId} maxWidth="sm" fullWidth>
      <form onSubmit={onSubmit} noValidate>
        <DialogTitle id={titleId}>Change interval of subscription {subscription.id}</DialogTitle>
        <DialogContent>
          <Typography variant="body2" sx={{ mb: 2 }}>
            {productLabel(subscription)} · now {orNoValue(formatInterval(subscription.interval))}
            {subscription.discount ? ` at ${subscription.discount}% off` : ''}
          </Typography>
          {!preview ? (
            <PreviewState error={readError} />
          ) : preview.intervalUnavailableReason ? (
            <Alert severity="warning">{preview.intervalUnavailableReason}</Alert>
          ) : (
            <>
              <FormControl>
                <FormLabel id={`${titleId}-plans`}>Plans offering this item now</FormLabel>
                <RadioGroup aria-labelledby={`${titleId}-plans`} value={planId} onChange={(e) => setPlanId(e.target.value)}>
                  {preview.intervalOptions.map((o, i) => (
                    <FormControlLabel
                      key={o.planId}
                      value={o.planId}
                      disabled={o.current}
                      control={<Radio autoFocus={i === 0} />}
                      label={`${o.name}: ${orNoValue(formatInterval(o.interval))}, ${o.discountPercent}% off${o.current ? ' (current)' : ''}`}
                    />
                  ))}
                </RadioGroup>
              </FormControl>
              <Alert severity="info" sx={{ mt: 2 }} aria-live="polite">
                {preview.status === 'active' ? (
                  <>
                    The change applies after the next scheduled order. Next order: <strong>{orNoValue(formatDate(preview.schedule.nextOrderDate))}</strong> (stays). The one after: now{' '}
                    <strong>{orNoValue(formatDate(preview.schedule.followingOrderDate))}</strong>
                    {chosen ? (
                      <>
                        , after the change <strong>{orNoValue(formatDate(chosen.followingOrderDate))}</strong>
                      </>
                    ) : (
                      '; choose a plan to see it after the change'
                    )}
                    .
                  </>
                ) : (
                  <>The subscription is paused: no order is scheduled. On resume, orders follow the new interval from that day.</>
                )}
              </Alert>
              {chosen && (
                <Typography variant="body2" sx={{ mt: 1 }}>
                  The plan's interval and discount are copied onto the subscription: {orNoValue(formatInterval(chosen.interval))} at {chosen.discountPercent}% off.
                </Typography>
              )}
            </>
          )}
          {error && (
            <Alert severity="error" role="alert" sx={{ mt: 2 }}>
              {error.message}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={saving}>
            Close
          </Button>
          <Button type="submit" variant="contained" disabled={saving || !chosen || chosen.current}>
            {saving ? 'Saving…' : 'Change interval'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

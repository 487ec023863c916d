import { useId, type ReactNode } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle } from '@mui/material';
import { FormRootError } from '../customers/FormRootError.tsx';
import { Form, SaveButton } from 'react-admin';
import { useFormState, useWatch } from 'react-hook-form';
import { useT } from '../i18n/index.ts';
import { KEEP_WHAT_WAS_TYPED } from '../fields/index.ts';

/** Closing is refused while the change is on its way: the agent sees the real outcome. */
function CloseButton({ onClose }: { onClose: () => void }) {
  const { isSubmitting } = useFormState();
  const t = useT();
  return (
    <Button onClick={onClose} disabled={isSubmitting}>
      {t('common.close')}
    </Button>
  );
}

type Ready = boolean | ((values: Record<string, unknown>) => boolean);

/** The save button, enabled once the form says the change can go (and something was changed). */
function Submit({ label, ready, danger }: { label: string; ready: Ready; danger?: boolean }) {
  const values = useWatch();
  const ok = typeof ready === 'function' ? ready(values) : ready;
  return <SaveButton label={label} disabled={!ok} color={danger ? 'error' : 'primary'} icon={<span />} />;
}

type Props = {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  defaultValues: Record<string, unknown>;
  /** Answers the server's errors (see customers/form-errors.ts), or nothing once saved. */
  onSubmit: (values: Record<string, unknown>) => Promise<Record<string, unknown> | undefined>;
  submitLabel: string;
  /** False while the change cannot be sent yet (preview loading, nothing chosen, not confirmed); a function reads the form's values. */
  ready: Ready;
  danger?: boolean;
  maxWidth?: 'xs' | 'sm' | 'md';
  children: ReactNode;
};

/**
 * A Centra change as a react-admin form in a dialog: pessimistic (the save button waits for
 * Centra's real answer), the server's field errors beside their inputs, its message above the
 * buttons (not also as a notification, which would cover them). Enter in a field submits; Escape closes.
 */
export function FormDialog({ open, onClose, title, defaultValues, onSubmit, submitLabel, ready, danger, maxWidth = 'sm', children }: Props) {
  const titleId = useId();
  return (
    <Dialog open={open} onClose={onClose} aria-labelledby={titleId} maxWidth={maxWidth} fullWidth>
      <Form defaultValues={defaultValues} onSubmit={onSubmit} resetOptions={KEEP_WHAT_WAS_TYPED} noValidate disableInvalidFormNotification>
        <DialogTitle id={titleId}>{title}</DialogTitle>
        <DialogContent>
          {children}
          <FormRootError />
        </DialogContent>
        <DialogActions>
          <CloseButton onClose={onClose} />
          <Submit label={submitLabel} ready={ready} danger={danger} />
        </DialogActions>
      </Form>
    </Dialog>
  );
}

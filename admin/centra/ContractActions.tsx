import { useState } from 'react';
import { Button } from '@mui/material';
import EditLocationAltIcon from '@mui/icons-material/EditLocationAlt';
import type { CentraContract } from '../customers/types.ts';
import { EditAddressDialog } from './EditAddressDialog.tsx';
import { useT } from '../i18n/index.ts';

/** Per contract: edit the shipping address (not offered once every subscription is cancelled). */
export function ContractActions({ contract }: { contract: CentraContract }) {
  const [open, setOpen] = useState(false);
  const t = useT();
  if (contract.subscriptions.every((s) => s.status === 'cancelled')) return null;
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        startIcon={<EditLocationAltIcon />}
        onClick={() => setOpen(true)}
        aria-label={t('centraActions.editAddressOf', { id: contract.id })}
      >
        {t('centraActions.editAddress')}
      </Button>
      <EditAddressDialog contract={contract} open={open} onClose={() => setOpen(false)} />
    </>
  );
}

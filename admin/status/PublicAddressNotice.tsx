import { Alert, AlertTitle } from '@mui/material';
import { useApiGet } from '../useApiGet.ts';
import type { PublicAddressReport } from '../../server/http/public-address.ts';
import { useT } from '../i18n/index.ts';

/**
 * Says when PUBLIC_URL and the address staff use disagree, or when PUBLIC_URL is one no phone can
 * reach: customer-facing links and QR codes are built from PUBLIC_URL only.
 */
export function PublicAddressNotice() {
  const { data } = useApiGet<{ publicAddress: PublicAddressReport }>('status');
  const report = data?.publicAddress;
  const t = useT();
  if (!report || (!report.localOnly && !report.otherAddresses.length)) return null;
  return (
    <Alert severity="warning" role="region" aria-label={t('status.publicAddress.label')}>
      <AlertTitle>{t('status.publicAddress.title', { url: report.url })}</AlertTitle>
      {report.otherAddresses.length > 0 && `${t('status.publicAddress.others', { addresses: report.otherAddresses.join(', ') })} `}
      {report.localOnly && `${t('status.publicAddress.localOnly')} `}
      {t('status.publicAddress.fix')}
    </Alert>
  );
}

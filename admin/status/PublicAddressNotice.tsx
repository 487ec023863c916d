import { Alert, AlertTitle } from '@mui/material';
import { useApiGet } from '../useApiGet.ts';
import type { PublicAddressReport } from '../../server/http/public-address.ts';

/**
 * Says when PUBLIC_URL and the address staff use disagree, or when PUBLIC_URL is one no phone can
 * reach: customer-facing links and QR codes are built from PUBLIC_URL only.
 */
export function PublicAddressNotice() {
  const { data } = useApiGet<{ publicAddress: PublicAddressReport }>('status');
  const report = data?.publicAddress;
  if (!report || (!report.localOnly && !report.otherAddresses.length)) return null;
  return (
    <Alert severity="warning" role="region" aria-label="Public address">
      <AlertTitle>Links for customers use PUBLIC_URL: {report.url}</AlertTitle>
      {report.otherAddresses.length > 0 && (
        <>
          Staff reach subdesk at {report.otherAddresses.join(', ')}, but the Connect links, QR codes and the page customers return to are built
          from PUBLIC_URL, never from the address in the browser (a forged or internal address must not end up in a customer's link).{' '}
        </>
      )}
      {report.localOnly && <>That address is this machine's own: a customer's phone cannot open it. </>}
      Set PUBLIC_URL to the address customers and staff reach subdesk at, and restart.
    </Alert>
  );
}

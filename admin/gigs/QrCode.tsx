import { useMemo } from 'react';
import qrcode from 'qrcode-generator';

/** The link as a QR code image (a data: URL the CSP allows; no script, no canvas). */
export function QrCode({ value, label }: { value: string; label: string }) {
  const src = useMemo(() => {
    const qr = qrcode(0, 'M');
    qr.addData(value);
    qr.make();
    return qr.createDataURL(4, 8);
  }, [value]);
  return <img src={src} alt={label} width={200} height={200} style={{ imageRendering: 'pixelated', display: 'block' }} />;
}

import { Chip } from '@mui/material';
import { useRecordContext } from 'react-admin';
import type { StaffRecord } from './roles.ts';

const KIND = { passkey: 'Passkey', totp: 'Authenticator app' } as const;

/** A member's second factors in words; a role that requires one and has none is asked at next sign-in. */
export function SecondFactorsState() {
  const record = useRecordContext<StaffRecord>();
  if (!record) return null;
  if (record.secondFactors.length) return <>{record.secondFactors.map((k) => KIND[k]).join(', ')}</>;
  return record.secondFactorRequired ? <Chip size="small" color="warning" label="None: asked at next sign-in" /> : <>None</>;
}

import { Chip } from '@mui/material';
import { useRecordContext } from 'react-admin';
import type { StaffRecord } from './roles.ts';
import { useT } from '../i18n/index.ts';

/** A member's second factors in words; a role that requires one and has none is asked at next sign-in. */
export function SecondFactorsState() {
  const record = useRecordContext<StaffRecord>();
  const t = useT();
  if (!record) return null;
  if (record.secondFactors.length) return <>{record.secondFactors.map((k) => t(`security.kinds.${k}`)).join(', ')}</>;
  return record.secondFactorRequired ? <Chip size="small" color="warning" label={t('staff.noSecondFactorYet')} /> : t('staff.noSecondFactor');
}

import HistoryIcon from '@mui/icons-material/History';
import { AuditList } from './AuditList.tsx';
import { AuditShow } from './AuditShow.tsx';

/** The audit log for auditors and admins: `<Resource name="audit-events" {...audit} />`. */
export const audit = {
  list: AuditList,
  show: AuditShow,
  icon: HistoryIcon,
  recordRepresentation: (r: { seq: number; action: string }) => `#${r.seq} ${r.action}`,
  options: { label: 'Audit log' },
};

import HistoryIcon from '@mui/icons-material/History';
import { lazyView } from '../lazyView.tsx';

const AuditList = lazyView(() => import('./AuditList.tsx').then((m) => m.AuditList), ['audit', 'charts']);
const AuditShow = lazyView(() => import('./AuditShow.tsx').then((m) => m.AuditShow), ['audit']);

/** The audit log for auditors and admins: `<Resource name="audit-events" {...audit} />`. */
export const audit = {
  list: AuditList,
  show: AuditShow,
  icon: HistoryIcon,
  recordRepresentation: (r: { seq: number; action: string }) => `#${r.seq} ${r.action}`,
  options: { label: 'menu.audit' },
};

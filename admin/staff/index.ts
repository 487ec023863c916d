import BadgeIcon from '@mui/icons-material/Badge';
import { lazyView } from '../lazyView.tsx';

const StaffList = lazyView(() => import('./StaffList.tsx').then((m) => m.StaffList), ['staff', 'security']);
const StaffCreate = lazyView(() => import('./StaffCreate.tsx').then((m) => m.StaffCreate), ['staff']);
const StaffEdit = lazyView(() => import('./StaffEdit.tsx').then((m) => m.StaffEdit), ['staff', 'security']);

/** The Staff resource for admins: `<Resource name="staff" {...staff} />`. */
export const staff = {
  list: StaffList,
  create: StaffCreate,
  edit: StaffEdit,
  icon: BadgeIcon,
  recordRepresentation: 'email',
  options: { label: 'menu.staff' },
};

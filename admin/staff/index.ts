import BadgeIcon from '@mui/icons-material/Badge';
import { StaffList } from './StaffList.tsx';
import { StaffCreate } from './StaffCreate.tsx';
import { StaffEdit } from './StaffEdit.tsx';

/** The Staff resource for admins: `<Resource name="staff" {...staff} />`. */
export const staff = {
  list: StaffList,
  create: StaffCreate,
  edit: StaffEdit,
  icon: BadgeIcon,
  recordRepresentation: 'email',
  options: { label: 'Staff' },
};

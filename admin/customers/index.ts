import PeopleIcon from '@mui/icons-material/People';
import { CustomerList } from './CustomerList.tsx';
import { CustomerShow } from './CustomerShow.tsx';

/** `<Resource name="customers" {...customers} />` */
export const customers = { list: CustomerList, show: CustomerShow, icon: PeopleIcon, recordRepresentation: 'name' };
export { SearchShortcut } from './SearchShortcut.tsx';

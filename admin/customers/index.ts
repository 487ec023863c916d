import PeopleIcon from '@mui/icons-material/People';
import { lazyView } from '../lazyView.tsx';

const CustomerList = lazyView(() => import('./CustomerList.tsx').then((m) => m.CustomerList), ['customers']);
const CustomerShow = lazyView(() => import('./CustomerShow.tsx').then((m) => m.CustomerShow), ['customers', 'gigs', 'centra', 'timeline']);

/** `<Resource name="customers" {...customers} />` */
export const customers = { list: CustomerList, show: CustomerShow, icon: PeopleIcon, recordRepresentation: 'name' };
export { CustomerSearchProvider } from './CustomerSearch.tsx';
export { SearchBox } from './SearchBox.tsx';

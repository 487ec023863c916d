import LinkIcon from '@mui/icons-material/Link';
import { lazyView } from '../lazyView.tsx';

const ConnectLinkList = lazyView(() => import('./ConnectLinkList.tsx').then((m) => m.ConnectLinkList), ['connectLinks', 'gigs']);
const ConnectLinkShow = lazyView(() => import('./ConnectLinkShow.tsx').then((m) => m.ConnectLinkShow), ['connectLinks', 'gigs', 'timeline']);

/** `<Resource name="connect-sessions" {...connectLinks} />` */
export const connectLinks = {
  list: ConnectLinkList,
  show: ConnectLinkShow,
  icon: LinkIcon,
  recordRepresentation: 'id',
  options: { label: 'menu.connectLinks' },
};

import LinkIcon from '@mui/icons-material/Link';
import { ConnectLinkList } from './ConnectLinkList.tsx';
import { ConnectLinkShow } from './ConnectLinkShow.tsx';

/** `<Resource name="connect-sessions" {...connectLinks} />` */
export const connectLinks = { list: ConnectLinkList, show: ConnectLinkShow, icon: LinkIcon, recordRepresentation: 'id', options: { label: 'Connect links' } };

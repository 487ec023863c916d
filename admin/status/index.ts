import { lazyView } from '../lazyView.tsx';

/** Status (#/status, and the admins' home): loaded on demand, so support's first screen does not carry it. */
export const StatusPage = lazyView(() => import('./StatusPage.tsx').then((m) => m.StatusPage), ['status', 'staff']);

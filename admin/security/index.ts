import { lazyView } from '../lazyView.tsx';

/** The member's own sign-in methods: its words come with it. */
export const SecurityPage = lazyView(() => import('./SecurityPage.tsx').then((m) => m.SecurityPage), ['security']);
export { SECURITY_PATH } from './path.ts';

import { lazyView } from '../lazyView.tsx';

/**
 * The plans area (#/plans): loaded on demand, so its lists and charts weigh nothing on the first
 * screen of staff who never open it.
 */
export const PlansPage = lazyView(() => import('./PlansPage.tsx').then((m) => m.PlansPage), ['plans', 'charts']);

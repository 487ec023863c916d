import { lazy } from 'react';

/**
 * The plans area (#/plans): loaded on demand, so its lists and charts weigh nothing on the first
 * screen of staff who never open it.
 */
export const PlansPage = lazy(() => import('./PlansPage.tsx'));

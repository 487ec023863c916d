import { lazyView } from '../lazyView.tsx';

/** The API reference (#/api-reference): loaded on demand, as few staff open it. */
export const ApiReferencePage = lazyView(() => import('./ApiReferencePage.tsx').then((m) => m.ApiReferencePage), ['status']);

import { lazy, Suspense } from 'react';
import { Skeleton } from '@mui/material';
import type { StackedBarsProps } from './StackedBars.tsx';
import { useT } from '../i18n/index.ts';

const Bars = lazy(() => import('./StackedBars.tsx'));

/** Stacked bars, with the chart library fetched the first time a chart is shown. */
export function StackedBars(props: StackedBarsProps) {
  const t = useT();
  return (
    <Suspense fallback={<Skeleton variant="rectangular" height={props.height} aria-label={t('charts.loadingOne')} />}>
      <Bars {...props} />
    </Suspense>
  );
}

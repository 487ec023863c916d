export { ChartFrame, type ChartTable } from './ChartFrame.tsx';
export { StackedBars } from './LazyStackedBars.tsx';
export type { BarSeries, ThemeColor } from './StackedBars.tsx';
export { chartColorOf } from './colors.ts';

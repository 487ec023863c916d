import { Box, useTheme, type Theme } from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { useFormat } from '../i18n/index.ts';

/** A colour of the theme by its path ('success.main', 'grey.500'), so that dark mode has its own. */
export type ThemeColor = `${'primary' | 'secondary' | 'success' | 'warning' | 'error' | 'info'}.${'light' | 'main' | 'dark'}` | `grey.${400 | 500 | 600}`;

/**
 * One series of bars. Values below zero are drawn below the axis (cancellations under new
 * subscriptions); tooltips and the table give them without their sign.
 */
export type BarSeries = { key: string; label: string; color: ThemeColor; values: number[] };

export type StackedBarsProps = {
  /** The bands: plan names, weeks, days. */
  categories: string[];
  series: BarSeries[];
  /** Bars along the category axis (plans read best as horizontal rows). */
  horizontal?: boolean;
  height: number;
  /** The chart's numbers in one sentence, read by screen readers in place of the drawing. */
  summary: string;
  /** Room for the category labels of a horizontal chart. */
  categoryWidth?: number;
};

function themeColor(theme: Theme, path: ThemeColor): string {
  const [group, shade] = path.split('.') as [string, string];
  return (theme.palette as unknown as Record<string, Record<string, string>>)[group]![shade]!;
}

/**
 * Stacked bars drawn by MUI X Charts with the app's theme (axis labels, legend and tooltips follow
 * light and dark mode). Loaded on demand through admin/charts/index.ts: the library is not part of
 * any page's first download.
 */
export default function StackedBars({ categories, series, horizontal = false, height, summary, categoryWidth = 180 }: StackedBarsProps) {
  const theme = useTheme();
  const format = useFormat();
  const count = (v: number | null) => (v === null ? '' : format.count(Math.abs(v)));
  return (
    <Box role="img" aria-label={summary} sx={{ width: '100%' }}>
      <BarChart
        height={height}
        layout={horizontal ? 'horizontal' : 'vertical'}
        xAxis={[horizontal ? { valueFormatter: count } : { scaleType: 'band', data: categories }]}
        yAxis={[horizontal ? { scaleType: 'band', data: categories, width: categoryWidth } : { valueFormatter: count, width: 48 }]}
        series={series.map((s) => ({ id: s.key, label: s.label, data: s.values, stack: 'all', color: themeColor(theme, s.color), valueFormatter: count }))}
        grid={horizontal ? { vertical: true } : { horizontal: true }}
        skipAnimation
      />
    </Box>
  );
}

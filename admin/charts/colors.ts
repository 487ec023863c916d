import type { OutcomeColor } from '../../server/vocabulary/index.ts';
import type { ThemeColor } from './StackedBars.tsx';

/** The chart colour of an outcome: the same palette entry as its chip (server/vocabulary/outcomes.ts). */
export const chartColorOf = (color: OutcomeColor): ThemeColor => (color === 'default' ? 'grey.500' : `${color}.main`);

import type { ReactElement } from 'react';
import { useSmallScreen } from './useSmallScreen.ts';

/**
 * A list's rows: its table, or on a phone (under 600 px) one column, react-admin's SimpleList
 * pattern: `<OneColumnOnPhones phone={<SimpleList ... />}><DataTable>...</DataTable></OneColumnOnPhones>`.
 */
export function OneColumnOnPhones({ phone, children }: { phone: ReactElement; children: ReactElement }) {
  return useSmallScreen() ? phone : children;
}

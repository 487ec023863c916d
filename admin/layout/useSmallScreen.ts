import { useMediaQuery, type Theme } from '@mui/material';

/**
 * Under 600 px (a phone): lists become one column (react-admin's SimpleList) and dialogs take the
 * whole screen (`<Dialog fullScreen={useSmallScreen()}>`), so nothing opens half off the edge.
 */
export function useSmallScreen(): boolean {
  return useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
}

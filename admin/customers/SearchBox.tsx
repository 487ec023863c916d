import type { KeyboardEvent } from 'react';
import { Box, InputBase } from '@mui/material';
import { alpha } from '@mui/material/styles';
import SearchIcon from '@mui/icons-material/Search';
import { useCanAccess } from 'react-admin';
import { useHotkeys } from 'react-hotkeys-hook';
import { useT } from '../i18n/index.ts';
import { focusSearchBox, resultLinks, SEARCH_INPUT_ID, SEARCH_RESULTS_ID, useCustomerSearch } from './CustomerSearch.tsx';

/**
 * The customer search box in the app bar, on every page of the roles that may search. `/` focuses
 * it from anywhere (outside a text field); ArrowDown moves into the results, Enter asks at once and
 * opens the only result.
 */
export function SearchBox() {
  const { canAccess } = useCanAccess({ resource: 'customers', action: 'list' });
  const { text, type, submit } = useCustomerSearch();
  const t = useT();
  // useKey: `/` is the character, wherever the keyboard layout puts it (Shift+7 on a German one).
  useHotkeys('/', focusSearchBox, { preventDefault: true, useKey: true }, []);
  if (!canAccess) return null;

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === '/') {
      // No key, name or number holds a slash: in the box too, `/` means "a new search".
      e.preventDefault();
      e.currentTarget.select();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      submit();
    } else if (e.key === 'ArrowDown') {
      const first = resultLinks()[0];
      if (first) {
        e.preventDefault();
        first.focus();
      }
    }
  };

  return (
    <Box
      role="search"
      sx={(theme) => ({
        display: 'flex',
        alignItems: 'center',
        flex: '1 1 auto',
        minWidth: 0,
        maxWidth: 520,
        mx: { xs: 0.5, sm: 2 },
        px: 1,
        borderRadius: 1,
        bgcolor: alpha(theme.palette.common.white, 0.15),
        '&:hover, &:focus-within': { bgcolor: alpha(theme.palette.common.white, 0.25) },
      })}
    >
      <SearchIcon fontSize="small" aria-hidden sx={{ mr: 1, opacity: 0.8 }} />
      <InputBase
        id={SEARCH_INPUT_ID}
        value={text}
        onChange={(e) => type(e.target.value)}
        onKeyDown={onKeyDown}
        placeholder={t('search.placeholder')}
        autoComplete="off"
        inputProps={{ 'aria-label': t('search.label'), 'aria-controls': SEARCH_RESULTS_ID, spellCheck: false }}
        sx={{ color: 'inherit', flex: 1, minWidth: 0, '& input::placeholder': { opacity: 0.75 } }}
      />
    </Box>
  );
}

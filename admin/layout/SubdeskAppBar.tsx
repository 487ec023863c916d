import { forwardRef } from 'react';
import { AppBar, Logout, TitlePortal, UserMenu, useUserMenu } from 'react-admin';
import { useLocation, useNavigate } from 'react-router-dom';
import { ListItemIcon, ListItemText, MenuItem } from '@mui/material';
import KeyIcon from '@mui/icons-material/Key';
import { SearchBox } from '../customers/index.ts';
import { CHANGE_PASSWORD_PATH } from '../authProvider.ts';
import { returnTo } from './returnTo.ts';
import { SignInMethodsMenuItem } from './SignInMethodsMenuItem.tsx';
import { useT } from '../i18n/index.ts';

/** "Change password" in the user menu; saving it comes back to this page. */
const ChangePasswordItem = forwardRef<HTMLLIElement>(function ChangePasswordItem(props, ref) {
  const { onClose } = useUserMenu() ?? {};
  const navigate = useNavigate();
  const location = useLocation();
  const t = useT();
  return (
    <MenuItem
      ref={ref}
      {...props}
      onClick={() => {
        onClose?.();
        navigate(CHANGE_PASSWORD_PATH, { state: returnTo(location) });
      }}
    >
      <ListItemIcon>
        <KeyIcon fontSize="small" />
      </ListItemIcon>
      <ListItemText>{t('account.changePassword')}</ListItemText>
    </MenuItem>
  );
});

/**
 * On a phone the language chooser (react-admin's, in the app bar's toolbar) shows its icon only,
 * leaving the width to the search box; the language's name stays its accessible name.
 */
const LANGUAGE_BUTTON = '& button[aria-controls="simple-menu"]';
const COMPACT_LANGUAGE_ON_PHONES = {
  [LANGUAGE_BUTTON]: { fontSize: { xs: 0, sm: 'inherit' }, minWidth: { xs: 0, sm: 64 } },
  [`${LANGUAGE_BUTTON} .MuiButton-startIcon`]: { mr: { xs: 0, sm: 1 } },
  [`${LANGUAGE_BUTTON} .MuiButton-endIcon`]: { display: { xs: 'none', sm: 'inherit' } },
} as const;

/** react-admin's app bar with the customer search in the middle, the language chooser and the member's own menu. */
export function SubdeskAppBar() {
  return (
    <AppBar
      sx={COMPACT_LANGUAGE_ON_PHONES}
      userMenu={
        <UserMenu>
          <ChangePasswordItem />
          <SignInMethodsMenuItem />
          <Logout />
        </UserMenu>
      }
    >
      <TitlePortal sx={{ flex: '0 1 auto', display: { xs: 'none', md: 'block' }, mr: 1 }} />
      <SearchBox />
      <span style={{ flex: 1 }} />
    </AppBar>
  );
}

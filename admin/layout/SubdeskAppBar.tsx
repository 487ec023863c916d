import { forwardRef } from 'react';
import { AppBar, Logout, TitlePortal, UserMenu, useUserMenu } from 'react-admin';
import { useLocation, useNavigate } from 'react-router-dom';
import { ListItemIcon, ListItemText, MenuItem } from '@mui/material';
import KeyIcon from '@mui/icons-material/Key';
import { SearchBox } from '../customers/index.ts';
import { CHANGE_PASSWORD_PATH } from '../authProvider.ts';
import { returnTo } from './returnTo.ts';
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

/** react-admin's app bar with the customer search in the middle and the member's own menu. */
export function SubdeskAppBar() {
  return (
    <AppBar
      userMenu={
        <UserMenu>
          <ChangePasswordItem />
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

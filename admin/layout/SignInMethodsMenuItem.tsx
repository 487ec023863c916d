import { forwardRef } from 'react';
import { ListItemIcon, ListItemText, MenuItem } from '@mui/material';
import SecurityIcon from '@mui/icons-material/Security';
import { Link } from 'react-router-dom';
import { useUserMenu } from 'react-admin';
import { SECURITY_PATH } from '../security/path.ts';
import { useT } from '../i18n/index.ts';

/** The user menu's way to one's own sign-in methods (password, second factors, recovery codes). */
export const SignInMethodsMenuItem = forwardRef<HTMLAnchorElement>(function SignInMethodsMenuItem(props, ref) {
  const userMenu = useUserMenu();
  const t = useT();
  return (
    <MenuItem component={Link} to={SECURITY_PATH} ref={ref} {...props} onClick={() => userMenu?.onClose()}>
      <ListItemIcon>
        <SecurityIcon fontSize="small" />
      </ListItemIcon>
      <ListItemText>{t('account.signInMethods')}</ListItemText>
    </MenuItem>
  );
});

export { LoginPage } from './LoginPage.tsx';
export { ChangePasswordPage } from './ChangePasswordPage.tsx';

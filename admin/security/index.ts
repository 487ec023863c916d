export { SecurityPage } from './SecurityPage.tsx';
export { SECURITY_PATH } from './path.ts';

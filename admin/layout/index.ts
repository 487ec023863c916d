export { SubdeskLayout } from './SubdeskLayout.tsx';
export { RoleMenu, MENU_ENTRIES } from './RoleMenu.tsx';
export { RoleHome } from './RoleHome.tsx';
export { OneColumnOnPhones } from './OneColumnOnPhones.tsx';
export { useSmallScreen } from './useSmallScreen.ts';

export { SubdeskLayout } from './SubdeskLayout.tsx';
export { RoleMenu, MENU_ENTRIES } from './RoleMenu.tsx';

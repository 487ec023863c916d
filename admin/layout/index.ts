export { SubdeskLayout } from './SubdeskLayout.tsx';
export { RoleMenu, MENU_ENTRIES } from './RoleMenu.tsx';
export { PERMISSIONS, roleCan } from './permissions.ts';
export { RoleHome } from './RoleHome.tsx';

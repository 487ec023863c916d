/**
 * subdesk's one vocabulary: roles and what each may do, outcome colours, and how money,
 * allowances, periods, counts and times are written. The API (route rules, CSV exports, the
 * catalogue's words) and the SPA (menu, chips, every screen) import it from here, so a word or a
 * format changes in one place.
 *
 * It sits under server/ because the server must not import from admin/, while the SPA already
 * imports server types (admin/plans/types.ts). Every file here uses only the language and Intl:
 * no Node module, no DOM, no React, so Vite bundles it as it is and tsx runs it as it is.
 *
 * Every formatter takes a locale (English by default; the SPA passes the staff member's), and those
 * that write words take a `say` for them (words.ts: English by default, the SPA's messages otherwise).
 */
export * from './locale.ts';
export * from './words.ts';
export * from './roles.ts';
export * from './permissions.ts';
export * from './outcomes.ts';
export * from './numbers.ts';
export * from './money.ts';
export * from './periods.ts';
export * from './allowances.ts';
export * from './dates.ts';

/** Where the Sign-in methods page lives (the user menu links to it). */
export const SECURITY_PATH = '/security';

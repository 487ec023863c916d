/** The most rows one list request answers (`range`); the SPA reads longer lists page by page. Imported by the SPA too. */
export const MAX_PAGE_SIZE = 500;

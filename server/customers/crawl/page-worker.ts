import { parseCrawlPage, type CrawlList } from './crawl-pages.ts';
import { serveRequests } from '../worker-client.ts';

/**
 * The crawl's page parser thread: decodes, parses, checks and stages list pages (bytes handed
 * over, not copied), so that the main thread, which also answers requests, only writes them.
 */
const decoder = new TextDecoder();

serveRequests(({ list, bytes }: { list: CrawlList; bytes: ArrayBuffer }) => parseCrawlPage(list, decoder.decode(bytes)));

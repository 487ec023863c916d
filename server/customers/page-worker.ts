import { parentPort } from 'node:worker_threads';
import { parseCrawlPage, type CrawlList } from './crawl-pages.ts';
import { MalformedAnswer } from '../upstream/http.ts';

/**
 * The crawl's page parser thread: decodes, parses, checks and stages list pages (bytes handed
 * over, not copied), so that the main thread, which also answers requests, only writes them.
 */
const decoder = new TextDecoder();

parentPort!.on('message', ({ id, list, bytes }: { id: number; list: CrawlList; bytes: ArrayBuffer }) => {
  try {
    parentPort!.postMessage({ id, page: parseCrawlPage(list, decoder.decode(bytes)) });
  } catch (err) {
    if (err instanceof MalformedAnswer) parentPort!.postMessage({ id, malformed: err.message });
    else parentPort!.postMessage({ id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});

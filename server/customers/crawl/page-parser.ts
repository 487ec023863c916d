import type { CrawlList, StagedPage } from './crawl-pages.ts';
import { MalformedAnswer } from '../../upstream/http.ts';
import { WorkerClient } from '../worker-client.ts';

/**
 * Parses crawl pages in a worker thread (server/customers/crawl/page-worker.ts), started on the first
 * page and stopped after 30 s without one.
 */
export class PageParser {
  private readonly client = new WorkerClient<{ list: CrawlList; bytes: ArrayBuffer }, StagedPage>(new URL('./page-worker.ts', import.meta.url), {
    idleMs: 30_000,
    name: 'crawl page parser',
  });

  async parse(list: CrawlList, bytes: ArrayBuffer): Promise<StagedPage> {
    try {
      return await this.client.request({ list, bytes }, [bytes]);
    } catch (err) {
      // The worker's MalformedAnswer arrives by name: the transport reports it as a malformed answer.
      if (err instanceof Error && err.name === MalformedAnswer.name) throw new MalformedAnswer(err.message);
      throw err;
    }
  }
}

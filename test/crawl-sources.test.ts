import { describe, expect, it } from 'vitest';

/** The crawl's sources over the real clients (fake fetch): paging, cursors read early, malformed pages. */
describe('crawl sources over the real clients', () => {
  it('Gigs lists resume after the last id staged, read only the fields the index keeps, and prefetch the next page', async () => {
    const { GigsClient } = await import('../server/upstream/gigs.ts');
    const { CentraClient } = await import('../server/upstream/centra.ts');
    const { clientSources } = await import('../server/customers/crawl/crawl-sources.ts');
    const { ContractListingState } = await import('../server/customers/crawl/contract-listing.ts');
    const users = Array.from({ length: 5 }, (_, i) => ({
      object: 'user',
      id: `usr_${i}`,
      email: `u${i}@example.com`,
      fullName: `U ${i}`,
      somethingNew: { deep: true },
    }));
    const asked: string[] = [];
    const fakeFetch = (async (url: string) => {
      const u = new URL(url);
      asked.push(u.searchParams.get('after') ?? '');
      const after = u.searchParams.get('after');
      const from = after ? users.findIndex((x) => x.id === after) + 1 : 0;
      const items = users.slice(from, from + 2);
      const more = from + 2 < users.length ? items[items.length - 1]!.id : null;
      return new Response(JSON.stringify({ object: 'list', items, moreItemsAfter: more, moreItemsBefore: null }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }) as unknown as typeof fetch;
    const gigs = new GigsClient({ baseUrl: 'http://gigs.test', project: 'p', apiKey: 'k', timeoutMs: 1000, fetch: fakeFetch });
    const centra = new CentraClient({
      shopUrl: 'http://c.test/shop',
      orderUrl: 'http://c.test/order',
      apiKey: 'k',
      integrationUrl: 'http://c.test/graphql',
      integrationToken: 't',
      timeoutMs: 1000,
    });
    const pages: { ids: string[]; keys: string[]; cursor: unknown }[] = [];
    for await (const page of clientSources(gigs, centra, new ContractListingState(centra, { clock: () => new Date() })).gigsUsers(
      { after: 'usr_0' },
      undefined,
    )) {
      pages.push({ ids: page.parts.map((p) => JSON.parse(p).u), keys: page.keys, cursor: page.cursor });
      expect(JSON.parse(page.parts[0]!)).toEqual({ t: 'gu', u: expect.any(String), e: expect.any(String), n: expect.any(String) });
    }
    expect(pages).toEqual([
      { ids: ['usr_1', 'usr_2'], keys: ['u1@example.com', 'u2@example.com'], cursor: { after: 'usr_2' } },
      { ids: ['usr_3', 'usr_4'], keys: ['u3@example.com', 'u4@example.com'], cursor: { after: 'usr_4' } },
    ]);
    expect(asked).toEqual(['usr_0', 'usr_2']);
  });

  it("reads the next Gigs cursor from the end of a page's bytes, before the page is parsed, only where it really is", async () => {
    const { peekMoreItemsAfter } = await import('../server/customers/crawl/crawl-sources.ts');
    const bytes = (o: unknown) => new TextEncoder().encode(JSON.stringify(o)).buffer as ArrayBuffer;
    const items = Array.from({ length: 50 }, (_, i) => ({
      id: `usr_${i}`,
      email: `u${i}@example.com`,
      fullName: i === 49 ? '"moreItemsAfter":"usr_fake",' : 'x',
    }));
    expect(peekMoreItemsAfter(bytes({ object: 'list', items, moreItemsAfter: 'usr_49', moreItemsBefore: null }))).toBe('usr_49');
    expect(peekMoreItemsAfter(bytes({ object: 'list', items, moreItemsAfter: null, moreItemsBefore: 'usr_0' }))).toBeNull();
    // Sent first, far from the end: unknown, so the crawl waits for the parse.
    expect(peekMoreItemsAfter(bytes({ moreItemsAfter: 'usr_49', items }))).toBeUndefined();
  });

  it('a page that is not JSON, or not the shape, is a malformed answer naming where (parsed off the main thread)', async () => {
    const { GigsClient } = await import('../server/upstream/gigs.ts');
    const { CentraClient } = await import('../server/upstream/centra.ts');
    const { clientSources } = await import('../server/customers/crawl/crawl-sources.ts');
    const { ContractListingState } = await import('../server/customers/crawl/contract-listing.ts');
    const answer = (body: string) =>
      (async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } })) as unknown as typeof fetch;
    const centra = new CentraClient({
      shopUrl: 'http://c.test/shop',
      orderUrl: 'http://c.test/order',
      apiKey: 'k',
      integrationUrl: 'http://c.test/graphql',
      integrationToken: 't',
      timeoutMs: 1000,
    });
    const firstPage = async (body: string) => {
      const gigs = new GigsClient({ baseUrl: 'http://gigs.test', project: 'p', apiKey: 'k', timeoutMs: 1000, fetch: answer(body) });
      for await (const page of clientSources(gigs, centra, new ContractListingState(centra, { clock: () => new Date() })).gigsUsers(null, undefined))
        return page;
    };
    await expect(firstPage('{"items": [')).rejects.toMatchObject({ name: 'UpstreamError', kind: 'malformed', message: expect.stringContaining('not JSON') });
    await expect(firstPage(JSON.stringify({ items: [{ id: 'usr_1', fullName: 'No Email' }] }))).rejects.toMatchObject({
      kind: 'malformed',
      message: expect.stringContaining('items.0.email'),
    });
    expect((await firstPage(JSON.stringify({ items: [{ id: 'usr_1', email: ' Mixed@Example.com ' }], moreItemsAfter: null })))?.keys).toEqual([
      'mixed@example.com',
    ]);
  });
});

/** A page of an openid listing (user/get, user/tag/get, getblacklist). */
export interface OpenidPage {
  count: number;
  data?: { openid: string[] };
  next_openid: string;
}

/**
 * Walks an openid listing page by page. WeChat ends a listing in two ways: a partial page
 * with an empty `next_openid`, or a page pointing at its last openid followed by a `count: 0`
 * page; both stop here, and so does a cursor that does not move (a guard against looping).
 */
export async function* iterateOpenids(fetchPage: (next: string) => Promise<OpenidPage>, start = ''): AsyncGenerator<string[]> {
  let next = start;
  for (;;) {
    const page = await fetchPage(next);
    const openids = page.data?.openid ?? [];
    if (page.count === 0 || openids.length === 0) return;
    yield openids;
    if (!page.next_openid || page.next_openid === next) return;
    next = page.next_openid;
  }
}

/** Fetches every page of a list whose total is unknown: the service reports no TotalCount. */
import { allPagesLimiter, type Limiter } from '../ice/limiter.js';

export const MAX_PAGE_NUMBER = 100;
/**
 * Pages in flight at once after the first. Eight keeps a 100-page listing near 1/8 of the sequential
 * time while bounding the burst a single call sends (see README, changelog).
 */
export const PAGE_CONCURRENCY = 8;

export interface AllPages<T> {
  items: T[];
  /** Requests made, including pages past the end that came back empty. */
  requests: number;
  /** True when page 100 was full: the service may hold more than can be paged to. */
  truncated: boolean;
}

/**
 * Page 1 first (most agents fit in one page), then a sliding window of `concurrency` pages until the
 * first short page. Pages are returned in order whatever order they arrive in. Every request also
 * waits for a slot of `limiter`, shared by the whole process.
 */
export async function fetchAllPages<T>(
  fetchPage: (pageNumber: number) => Promise<T[]>,
  pageSize: number,
  concurrency = PAGE_CONCURRENCY,
  limiter: Limiter = allPagesLimiter,
): Promise<AllPages<T>> {
  const pages: T[][] = [];
  let requests = 0;
  let end = MAX_PAGE_NUMBER + 1; // first page number known to be past the data
  let next = 1;
  let failed = false;

  const fetchOne = async (n: number): Promise<void> => {
    requests++;
    const items = await limiter.run(() => fetchPage(n));
    pages[n] = items;
    if (items.length < pageSize) end = Math.min(end, n + 1);
  };

  await fetchOne(next++);
  const worker = async (): Promise<void> => {
    while (!failed && next < end) {
      try {
        await fetchOne(next++);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  if (next < end) await Promise.all(Array.from({ length: concurrency }, worker));

  const last = Math.min(end - 1, MAX_PAGE_NUMBER);
  const items = pages.slice(1, last + 1).flatMap((page) => page ?? []);
  return { items, requests, truncated: end > MAX_PAGE_NUMBER };
}

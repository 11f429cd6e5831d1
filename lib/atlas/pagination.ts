/** Collects every page of an Atlas list (`{results, totalCount, links}` with `itemsPerPage` and `pageNum`). */
import type { PageWire } from '../core/atlas/wire';

/** Items per page: the spec's maximum for `itemsPerPage` (1–500). */
export const PAGE_SIZE = 500;

/** Query parameters of one page. */
export interface PageQuery {
  readonly pageNum: number;
  readonly itemsPerPage: number;
  readonly includeCount: true;
}

/** Reads pages through `fetchPage` until a short page or `totalCount` items. */
export async function collectPages<T>(fetchPage: (query: PageQuery) => Promise<PageWire<T> | undefined>): Promise<T[]> {
  const out: T[] = [];
  for (let pageNum = 1; ; pageNum++) {
    const page = await fetchPage({ pageNum, itemsPerPage: PAGE_SIZE, includeCount: true });
    const results = page?.results ?? [];
    out.push(...results);
    const total = page?.totalCount;
    if (results.length === 0 || results.length < PAGE_SIZE || (total !== undefined && out.length >= total)) return out;
  }
}

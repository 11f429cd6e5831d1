/**
 * Collects every page of an Atlas list (`{results, totalCount, links}` with `itemsPerPage` and `pageNum`).
 *
 * The loop stops on the first page with fewer items than requested (or none). It never stops on `totalCount`:
 * the Atlas Admin API v2 spec calls it "an estimate [that] may not be exact", so it is not requested at all
 * (`includeCount=false`). Pages are bounded, so a list that never shrinks cannot loop forever.
 */
import type { PageWire } from '../core/atlas/wire';
import { AtlasApiError, PAGE_LIMIT_EXCEEDED } from './errors';

/** Items per page: the spec's maximum for `itemsPerPage` (1–500). */
export const PAGE_SIZE = 500;
/** Pages read before giving up (100 000 items, far beyond any project's clusters, snapshots or alerts). */
export const MAX_PAGES = 200;

/** Query parameters of one page. */
export interface PageQuery {
  readonly pageNum: number;
  readonly itemsPerPage: number;
  readonly includeCount: false;
}

/** Reads pages through `fetchPage` until a short page; `path` names the list in the error when the bound is hit. */
export async function collectPages<T>(
  path: string,
  fetchPage: (query: PageQuery) => Promise<PageWire<T> | undefined>,
  options: { readonly pageSize?: number; readonly maxPages?: number } = {},
): Promise<T[]> {
  const itemsPerPage = options.pageSize ?? PAGE_SIZE;
  const maxPages = options.maxPages ?? MAX_PAGES;
  const out: T[] = [];
  for (let pageNum = 1; pageNum <= maxPages; pageNum++) {
    const page = await fetchPage({ pageNum, itemsPerPage, includeCount: false });
    const results = Array.isArray(page?.results) ? page.results : [];
    out.push(...results);
    if (results.length < itemsPerPage) return out;
  }
  throw new AtlasApiError({
    method: 'GET',
    path,
    status: 200,
    errorCode: PAGE_LIMIT_EXCEEDED,
    detail: `every one of ${maxPages} pages of ${itemsPerPage} items was full; stopped reading`,
  });
}

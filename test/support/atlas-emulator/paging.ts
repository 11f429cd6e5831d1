/** Atlas's paging envelope for list endpoints. */
import { badRequest } from './errors';

/**
 * Paging envelope `{links, results, totalCount}` (spec: the `Paginated…View` schemas; parameters `itemsPerPage`
 * 1–500 default 100, `pageNum` ≥ 1 default 1, `includeCount` default true). The spec says of `totalCount`:
 * "The total number is an estimate and may not be exact", so `skew` lets a test make it wrong on purpose.
 * Out-of-range paging parameters answer 400 INVALID_QUERY_PARAMETER (code from the error-code list; that Atlas
 * rejects rather than clamps is unverified).
 */
export function page<T>(
  items: T[],
  query: URLSearchParams,
  selfPath: string,
  skew = 0,
): { status: number; body: unknown } {
  const per = Number(query.get('itemsPerPage') ?? 100);
  const num = Number(query.get('pageNum') ?? 1);
  if (!Number.isInteger(per) || per < 1 || per > 500)
    throw badRequest('INVALID_QUERY_PARAMETER', 'Invalid query parameter itemsPerPage specified.', ['itemsPerPage']);
  if (!Number.isInteger(num) || num < 1)
    throw badRequest('INVALID_QUERY_PARAMETER', 'Invalid query parameter pageNum specified.', ['pageNum']);
  const body: Record<string, unknown> = {
    links: [{ href: `https://cloud.mongodb.com${selfPath}?pageNum=${num}&itemsPerPage=${per}`, rel: 'self' }],
    results: items.slice((num - 1) * per, num * per),
  };
  if (query.get('includeCount') !== 'false') body.totalCount = Math.max(0, items.length + skew);
  return { status: 200, body };
}

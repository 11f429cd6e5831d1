/** Atlas's paging envelope for list endpoints. */
import { AtlasHttpError } from './errors';

/** Paging envelope `{results, totalCount, links}` honouring itemsPerPage (1–500) and pageNum. */
export function page<T>(items: T[], query: URLSearchParams, selfPath: string): { status: number; body: unknown } {
  const per = Number(query.get('itemsPerPage') ?? 100);
  const num = Number(query.get('pageNum') ?? 1);
  if (!Number.isInteger(per) || per < 1 || per > 500)
    throw new AtlasHttpError(400, 'INVALID_QUERY_PARAMETER', 'itemsPerPage must be between 1 and 500.', [
      'itemsPerPage',
    ]);
  if (!Number.isInteger(num) || num < 1)
    throw new AtlasHttpError(400, 'INVALID_QUERY_PARAMETER', 'pageNum must be at least 1.', ['pageNum']);
  const body: Record<string, unknown> = {
    links: [{ href: `https://cloud.mongodb.com${selfPath}?pageNum=${num}&itemsPerPage=${per}`, rel: 'self' }],
    results: items.slice((num - 1) * per, num * per),
  };
  if (query.get('includeCount') !== 'false') body.totalCount = items.length;
  return { status: 200, body };
}

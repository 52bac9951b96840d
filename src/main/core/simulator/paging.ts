/**
 * Twilio's v2010 list paging. A page carries first/next/previous page URIs; the SDK's list() and
 * each() follow next_page_uri (it prefixes https://api.twilio.com, which the client redirects back
 * here). Like Twilio, next/previous URIs hold a PageToken naming the record at the page boundary
 * ("PA" + last SID = after it, "PB" + first SID = before it), so paging stays stable while new
 * records arrive; a plain Page number (offset = Page * PageSize) also works.
 */
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;
const PAGING_PARAMS = ['PageSize', 'Page', 'PageToken'];

export function paginate<T extends { sid: string }>(args: {
  /** Already filtered and in list order. */
  items: readonly T[];
  query: URLSearchParams;
  path: string;
  /** The array's key in the JSON page, e.g. 'messages'. */
  key: string;
  render: (item: T) => unknown;
}): Record<string, unknown> {
  const { items, query, path, key, render } = args;
  const pageSize = clampInt(query.get('PageSize'), DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
  const page = clampInt(query.get('Page'), 0, 0, Number.MAX_SAFE_INTEGER);
  const start = startIndex(items, query.get('PageToken'), page * pageSize, pageSize);
  const slice = items.slice(start, start + pageSize);

  const filters = new URLSearchParams();
  for (const [name, value] of query) if (!PAGING_PARAMS.includes(name)) filters.append(name, value);
  const uriFor = (pageNumber: number, token?: string): string => {
    const params = new URLSearchParams(filters);
    params.set('PageSize', String(pageSize));
    params.set('Page', String(pageNumber));
    if (token) params.set('PageToken', token);
    return `${path}?${params.toString()}`;
  };

  const first = slice[0];
  const last = slice[slice.length - 1];
  const hasNext = last !== undefined && start + slice.length < items.length;
  const hasPrevious = first !== undefined && start > 0;
  return {
    [key]: slice.map(render),
    end: start + Math.max(slice.length - 1, 0),
    first_page_uri: uriFor(0),
    next_page_uri: hasNext ? uriFor(page + 1, `PA${last.sid}`) : null,
    page,
    page_size: pageSize,
    previous_page_uri: hasPrevious ? uriFor(Math.max(page - 1, 0), `PB${first.sid}`) : null,
    start,
    uri: uriFor(page, query.get('PageToken') ?? undefined),
  };
}

function startIndex<T extends { sid: string }>(
  items: readonly T[],
  token: string | null,
  offset: number,
  pageSize: number,
): number {
  if (token && token.length > 2) {
    const index = items.findIndex((item) => item.sid === token.slice(2));
    if (index >= 0) {
      if (token.startsWith('PA')) return index + 1;
      if (token.startsWith('PB')) return Math.max(index - pageSize, 0);
    }
  }
  return offset;
}

function clampInt(raw: string | null, fallback: number, min: number, max: number): number {
  const value = raw === null ? NaN : Number(raw);
  if (!Number.isInteger(value)) return fallback;
  return Math.min(Math.max(value, min), max);
}

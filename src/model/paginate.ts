// Splitting a listing into pages.
import type { Pager } from '../types.js';

/** `/tag/x/` page 1 is `/tag/x/`, page 2 is `/tag/x/page/2/`. */
export function pageUrl(baseUrl: string, pageNumber: number): string {
  return pageNumber === 1 ? baseUrl : `${baseUrl}page/${pageNumber}/`;
}

/** Pages of `size` items each (at least one page, even when empty), with their neighbours' URLs. */
export function paginate<T>(items: readonly T[], size: number, urlFor: (pageNumber: number) => string): Pager<T>[] {
  const totalPages = Math.max(1, Math.ceil(items.length / size));
  const pages: Pager<T>[] = [];
  for (let n = 1; n <= totalPages; n++) {
    pages.push({
      items: items.slice((n - 1) * size, n * size),
      pageNumber: n,
      totalPages,
      url: urlFor(n),
      prevUrl: n > 1 ? urlFor(n - 1) : undefined,
      nextUrl: n < totalPages ? urlFor(n + 1) : undefined,
    });
  }
  return pages;
}

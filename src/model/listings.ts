// Every paginated listing of the site, in the order they are rendered.
import type { DateArchive, Listing, PostEntry, Term } from '../types.js';
import { pageUrl, paginate } from './paginate.js';

/**
 * Home, then categories and tags (their feeds beside the categories), then years and months.
 * `kept`: the listing at a URL, when the caller knows it is as it would be made again.
 */
export function buildListings(siteTitle: string, entries: PostEntry[], categories: Term[], tags: Term[], years: DateArchive[], pageSize: number, kept?: (url: string) => Listing | undefined): Listing[] {
  const listing = (kind: Listing['kind'], title: string, url: string, posts: PostEntry[], feedUrl?: string): Listing =>
    kept?.(url) ?? {
      kind,
      title,
      url,
      feedUrl,
      total: posts.length,
      pages: paginate(posts, pageSize, (n) => pageUrl(url, n)),
    };
  return [
    listing('home', siteTitle, '/', entries, '/feed.xml'),
    ...categories.map((t) => listing('category', t.name, t.url, t.posts, `${t.url}feed.xml`)),
    ...tags.map((t) => listing('tag', t.name, t.url, t.posts)),
    ...years.flatMap((y) => [
      listing('year', `${y.year}年`, y.url, y.posts),
      ...(y.months ?? []).map((m) => listing('month', `${m.year}年${m.month}月`, m.url, m.posts)),
    ]),
  ];
}

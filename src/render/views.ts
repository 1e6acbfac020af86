// Exactly what each kind of page sees: plain data built from the model.
// Each view has a key in page-keys.ts that dev mode compares; change both together.
import type { DateArchive, Listing, Pager, PostEntry, SiteModel, Term } from '../types.js';
import { firstImage, newsArticle, scriptJson } from './jsonld.js';
import type { UrlMaker } from './site-urls.js';
import { monthlyChart, monthlyStats } from './stats.js';

/** A link to a post in a listing. */
export interface PostCard {
  title: string;
  url: string;
  date: Date;
  excerpt: string;
  categories: TermRef[];
  source?: string;
}

export interface TermLink {
  name: string;
  url: string;
  count: number;
}

export const termLink = (term: Term): TermLink => ({ name: term.name, url: term.url, count: term.posts.length });

/** A category or tag as a post shows it: no count, so a new post does not change every page of its category. */
export interface TermRef {
  name: string;
  url: string;
}

const termRef = (term: Term): TermRef => ({ name: term.name, url: term.url });

// Every list a page template loops over has one hidden class: the compiled templates' `{% for %}`
// loops read `.length` and the items of each, and a list of a class not seen before deoptimized the
// whole page function, which then took a fresh optimizing compile (some 100 ms of CPU each, several
// per build). V8 gives `[]` and `[].map(f)` small-integer elements, and `map` in optimized code
// makes holey arrays where the builtin makes packed ones: so lists are built by pushing onto a
// copy of an empty array that already has (packed) object elements.
const OBJECT_ELEMENTS: unknown[] = [{}];
OBJECT_ELEMENTS.pop();

/** `items.map(f)`, always as an array of one hidden class, empty or not. */
export function listOf<T, U>(items: readonly T[], f: (item: T) => U): U[] {
  const list = OBJECT_ELEMENTS.slice() as U[];
  for (let i = 0; i < items.length; i++) list.push(f(items[i]));
  return list;
}

const same = <T>(item: T): T => item;

export function postCard(entry: PostEntry): PostCard {
  const { post } = entry;
  return { title: post.title, url: entry.url, date: post.date, excerpt: post.excerpt, categories: listOf(entry.categoryTerms, termRef), source: post.source };
}

/** A related article as the article page lists it: headline, date and newspaper (see linkKey). */
export function relatedLink(entry: PostEntry) {
  return { title: entry.post.title, url: entry.url, date: entry.post.date, newspaper: entry.categoryTerms[0]?.name };
}

/** What the article page needs to describe itself to search engines and sharing cards. */
export interface ArticleContext {
  urls: UrlMaker;
  timeZone: string;
  siteTitle: string;
}

// A neighbour shows less than its link key holds (see linkKey): a date that changes alone costs a render, nothing worse.
const neighbour = (entry: PostEntry | undefined) => entry && { title: entry.post.title, url: entry.url };

/** The article page's context. */
export function articleView(entry: PostEntry, ctx: ArticleContext) {
  const { post } = entry;
  // Read once: from the build cache, each read of `html` is a read from disk.
  const html = post.html;
  const image = firstImage(html, ctx.urls.absolute(entry.url));
  const newspaper = entry.categoryTerms[0];
  return {
    page: {
      kind: 'article',
      title: post.title,
      url: entry.url,
      description: post.excerpt,
      image,
      ogType: 'article',
      published: post.date,
      section: newspaper?.name,
      tags: listOf(post.tags, same),
      jsonLd: scriptJson(newsArticle(entry, ctx.urls, ctx.timeZone, image, ctx.siteTitle)),
    },
    post: articlePost(entry, html),
    newer: neighbour(entry.newer),
    older: neighbour(entry.older),
    newspaper: newspaper && { name: newspaper.name, url: newspaper.url, newer: neighbour(entry.newerInCategory), older: neighbour(entry.olderInCategory) },
    related: listOf(entry.related ?? [], relatedLink),
  };
}

/** The post as its page shows it: every front matter key, then what the build worked out (which wins). */
function articlePost(entry: PostEntry, html: string): Record<string, unknown> {
  const { post } = entry;
  const fields = {
    title: post.title,
    url: entry.url,
    date: post.date,
    html,
    excerpt: post.excerpt,
    authors: post.authors,
    source: post.source,
    editor: post.editor,
    originalUrl: post.originalUrl,
    summary: post.summary,
    charCount: post.charCount,
    readingMinutes: post.readingMinutes,
    categories: listOf(entry.categoryTerms, termRef),
    tags: listOf(entry.tagTerms, termRef),
  };
  // Not `{ ...post.data, title, … }`: Node 20's V8 takes a slow path for properties after a spread
  // (some 10 µs an article, 5 % of the render). Object.assign gives the same keys in the same order,
  // but would set the copy's prototype for a front matter key `__proto__`: such a post keeps the spread.
  return Object.hasOwn(post.data, '__proto__') ? { ...post.data, ...fields } : Object.assign({}, post.data, fields);
}

/** A page of a paginated listing. */
export function listingView(listing: Listing, pager: Pager<PostEntry>) {
  const title = pager.pageNumber > 1 ? `${listing.title}（第 ${pager.pageNumber} 页）` : listing.title;
  return {
    page: { kind: listing.kind, title, url: pager.url, feedUrl: listing.feedUrl },
    listing: { kind: listing.kind, title: listing.title, url: listing.url, total: listing.total, feedUrl: listing.feedUrl },
    items: listOf(pager.items, postCard),
    pager: { pageNumber: pager.pageNumber, totalPages: pager.totalPages, prevUrl: pager.prevUrl, nextUrl: pager.nextUrl },
  };
}

/** The `/categories/` and `/tags/` indexes. */
export function termsView(kind: Term['kind'], terms: Term[]) {
  const title = kind === 'category' ? '报纸' : '标签';
  return { page: { kind: `${kind}-index`, title, url: kind === 'category' ? '/categories/' : '/tags/' }, kind, terms: terms.map(termLink) };
}

/** The `/archives/` index: years and months with counts. */
export function archivesView(years: DateArchive[]) {
  return {
    page: { kind: 'archives', title: '归档', url: '/archives/' },
    years: years.map((y) => ({ year: y.year, url: y.url, count: y.posts.length, months: (y.months ?? []).map((m) => ({ month: m.month, url: m.url, count: m.posts.length })) })),
  };
}

/** The `/stats/` page: the monthly chart and table, the busiest newspapers and tags. */
export function statsView(model: SiteModel) {
  const stats = monthlyStats(model);
  return {
    page: { kind: 'stats', title: '统计', url: '/stats/', description: `共 ${stats.total} 篇文章的按月、按报纸统计` },
    stats: { ...stats, months: [...stats.months].reverse() },
    chart: monthlyChart(stats),
    newspaperCount: model.categories.length,
    tagCount: model.tags.length,
    topNewspapers: model.categories.slice(0, 10).map(termLink),
    topTags: model.tags.slice(0, 20).map(termLink),
  };
}

/** The `/search/` page: the newspapers and years a search can be narrowed to come from the index itself. */
export function searchView() {
  return { page: { kind: 'search', title: '搜索', url: '/search/', description: '全文搜索本站文章' } };
}

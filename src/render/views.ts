// Exactly what each kind of page sees: plain data built from the model.
// Each view has a key in page-keys.ts that dev mode compares; change both together.
import type { DateArchive, Listing, Pager, PostEntry, Term } from '../types.js';

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

export function postCard(entry: PostEntry): PostCard {
  const { post } = entry;
  return { title: post.title, url: entry.url, date: post.date, excerpt: post.excerpt, categories: entry.categoryTerms.map(termRef), source: post.source };
}

/** The article page's context. */
export function articleView(entry: PostEntry) {
  const { post } = entry;
  return {
    page: { kind: 'article', title: post.title, url: entry.url, description: post.excerpt },
    post: {
      ...post.data,
      title: post.title,
      url: entry.url,
      date: post.date,
      html: post.html,
      excerpt: post.excerpt,
      authors: post.authors,
      source: post.source,
      editor: post.editor,
      originalUrl: post.originalUrl,
      summary: post.summary,
      charCount: post.charCount,
      readingMinutes: post.readingMinutes,
      categories: entry.categoryTerms.map(termRef),
      tags: entry.tagTerms.map(termRef),
    },
    newer: entry.newer && { title: entry.newer.post.title, url: entry.newer.url },
    older: entry.older && { title: entry.older.post.title, url: entry.older.url },
  };
}

/** A page of a paginated listing. */
export function listingView(listing: Listing, pager: Pager<PostEntry>) {
  const title = pager.pageNumber > 1 ? `${listing.title}（第 ${pager.pageNumber} 页）` : listing.title;
  return {
    page: { kind: listing.kind, title, url: pager.url, feedUrl: listing.feedUrl },
    listing: { kind: listing.kind, title: listing.title, url: listing.url, total: listing.total, feedUrl: listing.feedUrl },
    items: pager.items.map(postCard),
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

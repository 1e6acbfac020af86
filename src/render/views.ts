// Exactly what each kind of page sees: plain data built from the model.
// Each view has a key in page-keys.ts that dev mode compares; change both together.
import nunjucks from 'nunjucks';
import { chineseDate, isoInZone } from '../dates.js';
import type { DateArchive, Listing, Pager, Post, PostEntry, SiteModel, Term } from '../types.js';
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

export function postCard(entry: PostEntry): PostCard {
  const { post } = entry;
  return { title: post.title, url: entry.url, date: post.date, excerpt: post.excerpt, categories: entry.categoryTerms.map(termRef), source: post.source };
}

/** What a listing's cards need besides the model: links and dates as the templates' filters make them. */
export interface CardContext {
  urls: UrlMaker;
  timeZone: string;
}

/**
 * The cards of a listing page, each `<li>` byte for byte as list.njk's loop wrote it (with
 * trimBlocks and lstripBlocks, autoescape and the `url`, `isoDate` and `zhDate` filters):
 *
 *   {% for item in items %}
 *     <li class="post-card">
 *       <h2><a href="{{ item.url | url }}">{{ item.title }}</a></h2>
 *       <p class="post-card-meta"><time datetime="{{ item.date | isoDate }}">{{ item.date | zhDate }}</time>{% for c in item.categories %} · <a href="{{ c.url | url }}">{{ c.name }}</a>{% endfor %}</p>
 *       {% if item.excerpt %}<p class="excerpt">{{ item.excerpt }}</p>{% endif %}
 *     </li>
 *   {% endfor %}
 *
 * Made in code because after a new post dev re-renders every page of the listings it joined (two
 * hundred at 4,000 posts), and Nunjucks spent more on this loop (seven loop variables set one by
 * one per card and per newspaper) than on the rest of the page. The parts that do not depend on the
 * page are made once per entry.
 */
export function cardsHtml(items: PostEntry[], pageUrl: string, ctx: CardContext): nunjucks.runtime.SafeString {
  let html = '';
  for (const entry of items) {
    const part = cardParts(entry, ctx.timeZone);
    html += `  <li class="post-card">\n    <h2><a href="${escape(ctx.urls.link(entry.url, pageUrl))}">${part.title}</a></h2>\n    <p class="post-card-meta">${part.time}`;
    entry.categoryTerms.forEach((term, i) => (html += ` · <a href="${escape(ctx.urls.link(term.url, pageUrl))}">${part.names[i]}</a>`));
    html += `</p>\n${part.excerpt}  </li>\n`;
  }
  return new nunjucks.runtime.SafeString(html);
}

interface CardParts {
  post: Post;
  timeZone: string;
  title: string;
  time: string;
  names: string[];
  excerpt: string;
}

// An entry's URL and terms are fixed for its model; its post may be swapped in place (dev mode).
const cardParts_ = new WeakMap<PostEntry, CardParts>();

function cardParts(entry: PostEntry, timeZone: string): CardParts {
  const kept = cardParts_.get(entry);
  if (kept && kept.post === entry.post && kept.timeZone === timeZone) return kept;
  const { post } = entry;
  const parts = {
    post,
    timeZone,
    title: escape(String(post.title ?? '')),
    time: `<time datetime="${escape(isoInZone(post.date, timeZone))}">${escape(chineseDate(post.date, timeZone))}</time>`,
    names: entry.categoryTerms.map((t) => escape(String(t.name ?? ''))),
    excerpt: post.excerpt ? `<p class="excerpt">${escape(String(post.excerpt))}</p>` : '',
  };
  cardParts_.set(entry, parts);
  return parts;
}

// Nunjucks' autoescape, character for character (its lib.escape, which its types do not declare).
const ESCAPES: Record<string, string> = { '&': '&amp;', '"': '&quot;', "'": '&#39;', '<': '&lt;', '>': '&gt;', '\\': '&#92;' };
const escape = (text: string) => text.replace(/[&"'<>\\]/g, (ch) => ESCAPES[ch]);

/** A related article as the article page lists it: headline, date and newspaper (see relatedKey). */
export function relatedLink(entry: PostEntry) {
  return { title: entry.post.title, url: entry.url, date: entry.post.date, newspaper: entry.categoryTerms[0]?.name };
}

/** What the article page needs to describe itself to search engines and sharing cards. */
export interface ArticleContext {
  urls: UrlMaker;
  timeZone: string;
  siteTitle: string;
}

const neighbour = (entry: PostEntry | undefined) => entry && { title: entry.post.title, url: entry.url };

/** The article page's context. */
export function articleView(entry: PostEntry, ctx: ArticleContext) {
  const { post } = entry;
  const image = firstImage(post.html, ctx.urls.absolute(entry.url));
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
      tags: post.tags,
      jsonLd: scriptJson(newsArticle(entry, ctx.urls, ctx.timeZone, image, ctx.siteTitle)),
    },
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
    newer: neighbour(entry.newer),
    older: neighbour(entry.older),
    newspaper: newspaper && { ...termRef(newspaper), newer: neighbour(entry.newerInCategory), older: neighbour(entry.olderInCategory) },
    related: (entry.related ?? []).map(relatedLink),
  };
}

/** A page of a paginated listing; `cards` is its items' HTML (see cardsHtml), `items` their data for a site's own list.njk. */
export function listingView(listing: Listing, pager: Pager<PostEntry>, ctx: CardContext) {
  const title = pager.pageNumber > 1 ? `${listing.title}（第 ${pager.pageNumber} 页）` : listing.title;
  return {
    page: { kind: listing.kind, title, url: pager.url, feedUrl: listing.feedUrl },
    listing: { kind: listing.kind, title: listing.title, url: listing.url, total: listing.total, feedUrl: listing.feedUrl },
    items: pager.items.map(postCard),
    cards: cardsHtml(pager.items, pager.url, ctx),
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

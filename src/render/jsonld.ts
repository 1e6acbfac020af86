// JSON-LD for articles: schema.org NewsArticle, safe inside a <script> block.
import { isoInZone } from '../dates.js';
import type { PostEntry } from '../types.js';
import type { UrlMaker } from './site-urls.js';

/** schema.org NewsArticle for one post: headline, dates with offset, author, publisher = the newspaper. */
export function newsArticle(entry: PostEntry, urls: UrlMaker, timeZone: string, image: string | undefined, siteTitle: string): Record<string, unknown> {
  const { post } = entry;
  const url = urls.absolute(entry.url);
  const newspaper = entry.categoryTerms[0]?.name ?? post.source ?? siteTitle;
  const published = isoInZone(post.date, timeZone);
  const publisher = { '@type': 'Organization', name: newspaper };
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    url,
    // Google shows at most 110 characters of a headline.
    headline: [...post.title].length > 110 ? `${[...post.title].slice(0, 109).join('')}…` : post.title,
    datePublished: published,
    dateModified: published,
    author: post.authors.length ? post.authors.map((name) => ({ '@type': 'Person', name })) : [publisher],
    publisher,
    ...(image ? { image: [image] } : {}),
    ...(post.excerpt ? { description: post.excerpt } : {}),
    articleSection: newspaper,
    ...(post.tags.length ? { keywords: post.tags.join(',') } : {}),
    inLanguage: 'zh-CN',
  };
}

const SCRIPT_UNSAFE = /[<>&\u2028\u2029]/;

/**
 * JSON for a `<script type="application/ld+json">` block. `<`, `>` and `&` become `\u003c` …, so a
 * title holding `</script>` or `<!--` cannot end the block early; U+2028/2029 are escaped for old parsers.
 */
export function scriptJson(value: unknown): string {
  const json = JSON.stringify(value);
  // Most articles have none of these: one scan instead of five.
  if (!SCRIPT_UNSAFE.test(json)) return json;
  return json
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The absolute URL of the first image in the article body, if any, resolved against the article's URL. */
export function firstImage(html: string, articleUrl: string): string | undefined {
  const src = /<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(html);
  const raw = src && (src[1] ?? src[2] ?? src[3]);
  if (!raw || raw.startsWith('data:')) return undefined;
  try {
    const resolved = new URL(decodeEntities(raw), articleUrl);
    return /^https?:$/.test(resolved.protocol) ? resolved.href : undefined;
  } catch {
    return undefined;
  }
}

function decodeEntities(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

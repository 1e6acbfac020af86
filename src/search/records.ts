// What the search index holds for one article: the article alone, not the page around it.
import { chineseDate, zonedParts } from '../dates.js';
import { escapeHtml } from '../escape-html.js';
import type { PostEntry } from '../types.js';

/** One article as Pagefind's `addHTMLFile` takes it. */
export interface SearchRecord {
  /** Site-relative (the browser adds the base path). */
  url: string;
  /** A small HTML document: the article's text with the `data-pagefind-*` marks. */
  content: string;
}

/**
 * The record of one published post: what templates/post.njk shows Pagefind inside
 * `data-pagefind-body` (title, newspapers, byline, lead, body, tags; the date as meta, filter
 * and sort key), without the header, navigation and related links that make a page several
 * times larger. It stays HTML rather than plain text so Pagefind still weights the title and
 * the body's headings above the prose, and keeps paragraphs apart.
 */
export function searchRecord(entry: PostEntry, language: string, timeZone: string): SearchRecord {
  const { post } = entry;
  const attr = (name: string, value: string) => ` ${name}="${escapeHtml(value)}"`;
  const paragraph = (text: string | undefined) => (text ? `<p>${escapeHtml(text)}</p>` : '');
  const dateMarks = attr('data-pagefind-meta', `date:${chineseDate(post.date, timeZone)}`) + attr('data-pagefind-filter', `year:${zonedParts(post.date, timeZone).year}`)
    // UTC ISO strings sort as the instants do.
    + attr('data-pagefind-sort', `date:${post.date.toISOString()}`);
  const newspapers = entry.categoryTerms.map((term, i) => `<span data-pagefind-filter="newspaper"${i === 0 ? ' data-pagefind-meta="newspaper"' : ''}>${escapeHtml(term.name)}</span>`).join(' ');
  const content = [
    `<html lang="${escapeHtml(language)}"><body><article data-pagefind-body>`,
    `<h1 data-pagefind-meta="title">${escapeHtml(post.title)}</h1>`,
    `<p${dateMarks}>${newspapers}</p>`,
    paragraph(post.authors.join('、')),
    paragraph(post.source && `来源：${post.source}`),
    paragraph(post.editor && `责任编辑：${post.editor}`),
    paragraph(post.summary),
    post.html,
    paragraph(entry.tagTerms.map((term) => term.name).join(' ')),
    '</article></body></html>',
  ].join('\n');
  return { url: entry.url, content };
}

// What the search index holds for one article: its text, not its page.
import { chineseDate, zonedParts } from '../dates.js';
import type { PostEntry } from '../types.js';

/** One article as Pagefind's `addCustomRecord` takes it. */
export interface SearchRecord {
  /** Site-relative (the browser adds the base path). */
  url: string;
  /** Plain text: title, newspaper, byline, lead, body, tags; blocks on their own lines. */
  content: string;
  language: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
  sort: Record<string, string>;
}

/**
 * The record of one published post. It carries what the article page showed Pagefind before
 * (the `data-pagefind-*` marks of templates/post.njk): the same text, the title, date and
 * newspaper shown with a result, and the newspaper and year filters.
 */
export function searchRecord(entry: PostEntry, language: string, timeZone: string): SearchRecord {
  const { post } = entry;
  const newspapers = entry.categoryTerms.map((term) => term.name);
  const byline = [post.authors.join('、'), post.source && `来源：${post.source}`, post.editor && `责任编辑：${post.editor}`];
  const content = [post.title, newspapers.join(' '), ...byline, post.summary, htmlToText(post.html), entry.tagTerms.map((term) => term.name).join(' ')]
    .filter(Boolean)
    .join('\n');
  const meta: Record<string, string> = { title: post.title, date: chineseDate(post.date, timeZone) };
  if (newspapers.length) meta.newspaper = newspapers[0];
  const filters: Record<string, string[]> = { year: [String(zonedParts(post.date, timeZone).year)] };
  if (newspapers.length) filters.newspaper = newspapers;
  // UTC ISO strings sort as the instants do.
  return { url: entry.url, content, language, meta, filters, sort: { date: post.date.toISOString() } };
}

const BLOCK_END = /<\/(?:p|div|h[1-6]|li|ul|ol|table|tr|td|th|blockquote|figure|figcaption|pre|section|article|header|footer)>|<br\s*\/?>/gi;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', middot: '·', hellip: '…', mdash: '—', ndash: '–' };

/**
 * The text of sanitized body HTML, a line per block so words of two paragraphs never join.
 * A regular expression is enough here: the clean stage already parsed and re-serialized the
 * HTML, and a parser per post would cost seconds on a large archive.
 */
export function htmlToText(html: string): string {
  return html
    .replace(BLOCK_END, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/[ \t\r\f\v]*\n\s*/g, '\n')
    .trim();
}

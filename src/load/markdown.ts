// Markdown to HTML, with the raw HTML that scraped posts embed.
import MarkdownIt from 'markdown-it';
import { remember } from '../memo.js';

const markdown = new MarkdownIt({ html: true, linkify: false, typographer: false });

/**
 * Web addresses that markdown-it's link normalizers give back unchanged: http(s), a lowercase host
 * of plain labels (none punycode, none longer than mdurl splits), no port, no user, and a path
 * and query of characters that need no escaping (no `%`, no `#`). test/load-markdown-links proves
 * it against markdown-it itself.
 */
export const PLAIN_URL = /^https?:\/\/(?!xn--)[a-z0-9-]{1,30}(?:\.(?!xn--)[a-z0-9-]{1,30}){0,7}(?:\/[A-Za-z0-9\-._~/=&]*(?:\?[A-Za-z0-9\-._~/=&]*)?)?$/;

// markdown-it normalizes every link through mdurl and punycode, the largest part of its time on
// our posts. Every post closes with the original article's own address (`<http://…>`), never
// seen before, and parsing it twice (href and text) cost more than the rest of the Markdown:
// plain addresses pass as they are. The same few other links (the archive's "返回…" links)
// close thousands of posts: those results are kept, a bounded number at a time. Both functions
// depend on the URL alone.
for (const name of ['normalizeLink', 'normalizeLinkText'] as const) {
  const normalize = remember(markdown[name].bind(markdown), 2000);
  markdown[name] = (url: string) => (PLAIN_URL.test(url) ? url : normalize(url));
}

/** Renders a post body; the result is untrusted until the clean stage has run. */
export function renderMarkdown(body: string): string {
  return markdown.render(body);
}

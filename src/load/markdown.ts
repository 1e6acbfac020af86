// Markdown to HTML, with the raw HTML that scraped posts embed.
import MarkdownIt from 'markdown-it';
import { remember } from '../memo.js';

const markdown = new MarkdownIt({ html: true, linkify: false, typographer: false });

// markdown-it normalizes every link through mdurl and punycode, the largest part of its time on
// our posts; the same few links (the archive's "返回…" links) close thousands of them. Both
// functions depend on the URL alone, so their results are kept, a bounded number at a time.
for (const name of ['normalizeLink', 'normalizeLinkText'] as const) markdown[name] = remember(markdown[name].bind(markdown), 2000);

/** Renders a post body; the result is untrusted until the clean stage has run. */
export function renderMarkdown(body: string): string {
  return markdown.render(body);
}

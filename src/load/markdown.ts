// Markdown to HTML, with the raw HTML that scraped posts embed.
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: true, linkify: false, typographer: false });

/** Renders a post body; the result is untrusted until the clean stage has run. */
export function renderMarkdown(body: string): string {
  return markdown.render(body);
}

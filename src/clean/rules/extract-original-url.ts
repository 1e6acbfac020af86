// The scrapers end a post with the original article's address as a bare autolink (`<http://…>`),
// or an empty `<>` when they had none. The address moves to `originalUrl` (the footer links it).
import type { Element } from 'domhandler';
import { isElement, lastParagraphs, removeBlock, textOf } from '../dom.js';
import type { CleanRule } from '../rule.js';

export const extractOriginalUrl: CleanRule = {
  name: 'extract-original-url',
  apply(root, findings) {
    for (const p of lastParagraphs(root, 4).reverse()) {
      const text = textOf(p).trim();
      if (text === '<>') {
        removeBlock(p);
        continue;
      }
      const url = findings.originalUrl ? undefined : autolinkOf(p);
      if (url) {
        findings.originalUrl = url;
        removeBlock(p);
      }
    }
  },
};

/** The URL of a paragraph that is one link showing its own http(s) address, and nothing else. */
function autolinkOf(p: Element): string | undefined {
  const elements = p.children.filter(isElement);
  if (elements.length !== 1 || elements[0].name !== 'a') return undefined;
  const href = elements[0].attribs.href?.trim() ?? '';
  if (!/^https?:\/\/\S+$/i.test(href) || textOf(p).trim() !== textOf(elements[0]).trim()) return undefined;
  return textOf(elements[0]).trim() === href ? href : undefined;
}

// The sanitizer: only allowlisted elements, attributes and URL schemes survive. Runs last.
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { DROPPED_ELEMENTS, URL_ATTRIBUTES, allowedAttributes } from '../allowlist.js';
import type { CleanContext, CleanRule } from '../rule.js';
import { safeUrl } from '../urls.js';

export const stripUnsafe: CleanRule = {
  name: 'strip-unsafe',
  apply(doc: CheerioAPI, _findings, ctx: CleanContext) {
    sanitizeTree(doc, ctx.allowHtml);
  },
};

/**
 * Walks the tree with an explicit stack (hostile posts nest thousands deep): drops what is
 * dangerous with its content, strips attributes and URLs, then unwraps elements that are not
 * allowed, keeping their (already sanitized) children.
 */
export function sanitizeTree(doc: CheerioAPI, extra: Readonly<Record<string, readonly string[]>> = {}): void {
  const unwrap: Element[] = [];
  const stack: AnyNode[] = [...doc.root()[0].children];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'comment' || node.type === 'directive' || node.type === 'cdata') {
      doc(node).remove();
      continue;
    }
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
    const element = node as Element;
    const name = element.name.toLowerCase();
    if (node.type !== 'tag' || (DROPPED_ELEMENTS.has(name) && !allowedAttributes(name, extra))) {
      doc(element).remove();
      continue;
    }
    element.name = name === 'h1' ? 'h2' : name; // the page's only h1 is the title
    const allowed = allowedAttributes(element.name, extra);
    if (!allowed) unwrap.push(element);
    else cleanAttributes(element, allowed);
    if (element.name === 'img' && !element.attribs.src) {
      doc(element).remove();
      continue;
    }
    for (const child of element.children) stack.push(child);
  }
  // Deepest first is not needed: unwrapping moves children up, wherever their parent now is.
  for (const element of unwrap) doc(element).replaceWith(element.children);
}

function cleanAttributes(element: Element, allowed: ReadonlySet<string>): void {
  for (const attribute of Object.keys(element.attribs)) {
    const value = element.attribs[attribute];
    if (!allowed.has(attribute)) {
      delete element.attribs[attribute];
    } else if (URL_ATTRIBUTES.has(attribute)) {
      const url = safeUrl(value, element.name, attribute);
      if (url === undefined) delete element.attribs[attribute];
      else element.attribs[attribute] = url;
    }
  }
}

// The sanitizer: only allowlisted elements, attributes and URL schemes survive. Runs last.
import type { AnyNode, Document, Element } from 'domhandler';
import { DROPPED_ELEMENTS, URL_ATTRIBUTES, allowedAttributes } from '../allowlist.js';
import { remove, unwrap } from '../dom.js';
import type { CleanContext, CleanRule } from '../rule.js';
import { safeUrl } from '../urls.js';

export const stripUnsafe: CleanRule = {
  name: 'strip-unsafe',
  apply(root: Document, _findings, ctx: CleanContext) {
    sanitizeTree(root, ctx.allowHtml);
  },
};

/**
 * Walks the tree with an explicit stack (hostile posts nest thousands deep): drops what is
 * dangerous with its content, strips attributes and URLs, then unwraps elements that are not
 * allowed, keeping their (already sanitized) children.
 */
export function sanitizeTree(root: Document, extra: Readonly<Record<string, readonly string[]>> = {}): void {
  const unwrapped: Element[] = [];
  const stack: AnyNode[] = [...root.children];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'comment' || node.type === 'directive' || node.type === 'cdata') {
      remove(node);
      continue;
    }
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
    const element = node as Element;
    const name = element.name.toLowerCase();
    if (node.type !== 'tag' || (DROPPED_ELEMENTS.has(name) && !allowedAttributes(name, extra))) {
      remove(element);
      continue;
    }
    element.name = name === 'h1' ? 'h2' : name; // the page's only h1 is the title
    const allowed = allowedAttributes(element.name, extra);
    if (!allowed) unwrapped.push(element);
    else cleanAttributes(element, allowed);
    if (element.name === 'img' && !element.attribs.src) {
      remove(element);
      continue;
    }
    for (const child of element.children) stack.push(child);
  }
  // Deepest first is not needed: unwrapping moves children up, wherever their parent now is.
  for (const element of unwrapped) unwrap(element);
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

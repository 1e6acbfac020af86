// The sanitizer: only allowlisted elements, attributes and URL schemes survive. Runs last.
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { ALLOWED_ELEMENTS, DROPPED_ELEMENTS, GLOBAL_ATTRIBUTES, URL_ATTRIBUTES } from '../allowlist.js';
import type { CleanRule } from '../rule.js';
import { safeUrl } from '../urls.js';

export const stripUnsafe: CleanRule = {
  name: 'strip-unsafe',
  apply(doc: CheerioAPI) {
    const root = doc.root()[0];
    sanitizeChildren(doc, root.children as AnyNode[]);
  },
};

function sanitizeChildren(doc: CheerioAPI, nodes: AnyNode[]): void {
  // Copy first: unwrapping splices the children into this list.
  for (const node of [...nodes]) sanitizeNode(doc, node);
}

function sanitizeNode(doc: CheerioAPI, node: AnyNode): void {
  if (node.type === 'comment' || node.type === 'directive' || node.type === 'cdata') {
    doc(node).remove();
    return;
  }
  if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') return;
  const element = node as Element;
  const name = element.name.toLowerCase();
  if (DROPPED_ELEMENTS.has(name) || node.type !== 'tag') {
    doc(element).remove();
    return;
  }
  sanitizeChildren(doc, element.children as AnyNode[]);
  if (name === 'h1') element.name = 'h2'; // the page's only h1 is the title
  const allowed = ALLOWED_ELEMENTS[element.name];
  if (!allowed) {
    doc(element).replaceWith(element.children as AnyNode[]);
    return;
  }
  for (const attribute of Object.keys(element.attribs)) {
    const value = element.attribs[attribute];
    if (!allowed.includes(attribute) && !GLOBAL_ATTRIBUTES.includes(attribute)) {
      delete element.attribs[attribute];
    } else if (URL_ATTRIBUTES.has(attribute)) {
      const url = safeUrl(value, element.name, attribute);
      if (url === undefined) delete element.attribs[attribute];
      else element.attribs[attribute] = url;
    }
  }
  if (element.name === 'img' && !element.attribs.src) doc(element).remove();
}

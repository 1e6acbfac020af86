// Parsing a post's HTML fragment into the one tree every clean rule shares, and writing it back out.
// parse5 builds domhandler nodes through its htmlparser2 tree adapter: the very parse and
// serializer cheerio ran (`load(html)` and `.html()` in its default parse5 mode), without cheerio's
// per-document class and wrappers around them.
import { Document, Element, type AnyNode, type ParentNode } from 'domhandler';
import { parse, serialize } from 'parse5';
import { adapter } from 'parse5-htmlparser2-tree-adapter';

export type { Document as Fragment } from 'domhandler';

/**
 * Past this many top-level nodes they are wrapped in one `<div>`: css-select (through domutils'
 * `removeSubsets`) compares every top-level node with every other on each `doc(selector)`, which
 * took seconds per rule on a post of 20,000 paragraphs. Real articles have a few hundred. (The
 * rules no longer select with CSS, but the wrapper is part of the output, so it stays.)
 */
export const MAX_TOP_LEVEL_NODES = 4096;

// What cheerio passed: scripting on, so <noscript> holds text, as in a browser.
const PARSE_OPTIONS = { treeAdapter: adapter, scriptingEnabled: true };
const SERIALIZE_OPTIONS = { treeAdapter: adapter };

/**
 * Parses `html` as a fragment in linear time. cheerio's fragment mode (`load(html, null, false)`)
 * moved each top-level node out of parse5's wrapper with a scan and a splice: quadratic, 56 s for
 * a post of 100,000 paragraphs. A document parse is linear; its head and body children, in order,
 * are the fragment (a fragment's leading `<title>` or `<meta>` lands in the head, so both count).
 */
export function parseFragment(html: string): Document {
  let nodes: AnyNode[] = [];
  // Comments before and after <html> sit on the document: scrapers' markers, kept in place.
  for (const top of parse(html, PARSE_OPTIONS).children) {
    if (top.type === 'comment') nodes.push(top);
    if (top.type !== 'tag' || top.name !== 'html') continue;
    for (const part of top.children) {
      if (part.type === 'tag' && (part.name === 'head' || part.name === 'body')) for (const child of part.children) nodes.push(child);
      else if (part.type === 'comment') nodes.push(part);
    }
  }
  if (nodes.length > MAX_TOP_LEVEL_NODES) nodes = [adopt(new Element('div', {}), nodes)];
  return adopt(new Document([]), nodes);
}

/** The fragment's HTML: its nodes serialized in order, as cheerio's `.html()` wrote them. */
export function serializeFragment(root: Document): string {
  return serialize(root, SERIALIZE_OPTIONS);
}

/** Makes `nodes` the children of `parent` in one pass (domhandler's helpers splice one by one). */
function adopt<T extends ParentNode>(parent: T, nodes: AnyNode[]): T {
  parent.children = nodes as T['children'];
  nodes.forEach((node, i) => {
    node.parent = parent;
    node.prev = nodes[i - 1] ?? null;
    node.next = nodes[i + 1] ?? null;
  });
  return parent;
}

// Parsing a post's HTML fragment into the one tree every clean rule shares, and writing it back
// out: one cheerio instance per thread, one `.html(html)` and one `.html()` per post. The rules edit
// cheerio's domhandler tree directly (dom.ts): a cheerio wrapper per node visited cost more than
// the rules themselves.
// `cheerio/slim`: cheerio's entry for htmlparser2 alone. The main entry also loads parse5 and the
// network and stream code (undici, encoding-sniffer) the build never uses.
import { load } from 'cheerio/slim';
import { Document, DomHandler, Element, type AnyNode, type ParentNode } from 'domhandler';
import { Parser } from 'htmlparser2';

/**
 * Past this many top-level nodes they are wrapped in one `<div>`: css-select (through domutils'
 * `removeSubsets`) compares every top-level node with every other on each `doc(selector)`, which
 * took seconds per rule on a post of 20,000 paragraphs. Real articles have a few hundred. (The
 * rules no longer select with CSS, but the wrapper is part of the output, so it stays.)
 */
export const MAX_TOP_LEVEL_NODES = 4096;

/**
 * cheerio's htmlparser2 mode, in HTML (not XML) rules. It parses and serializes a post in about
 * half the time parse5 took: cold builds of 4,000 posts took 15 % less time and CPU (README), more
 * than the parse alone saved, presumably as V8 has less code to compile (not measured apart). It is not the HTML standard's tree builder,
 * which does not matter for safety: what a reader's browser parses is our serialization of the
 * sanitized tree, which holds only allowlisted elements, never comments or raw-text elements
 * (allowlist.ts), with every text and attribute escaped. `utf8`: only `&`, `<`, `>`, `"` and
 * no-break spaces are escaped, as parse5 did, not every non-ASCII character.
 */
const PARSE_OPTIONS = { xml: { xmlMode: false, decodeEntities: true, encodeEntities: 'utf8' } } as const;

/**
 * The thread's one cheerio instance: it serializes every post (parseFragment parses them). A
 * `load` per post made a class of its own each time (cheerio's way to keep plugins per document),
 * which held the post's tree until a full collection unless the document was emptied after use.
 * Build times are the same either way (3 interleaved cold builds of 20,000 posts each); this way
 * there is nothing to undo.
 */
const $ = load('', PARSE_OPTIONS, false);

/**
 * Past this depth a post's HTML is not read as markup (see parseFragment). htmlparser2 keeps its
 * open elements in an array it `unshift`s and searches, so each tag costs as much as the depth:
 * 200,000 unclosed `<b>` (600 KB) took 39 s to parse. Chromium's own parser flattens past 512;
 * depth.ts flattens past 200 after the parse.
 */
export const MAX_PARSE_DEPTH = 1024;

/**
 * Parses `html` as a fragment into a document of its own, in linear time (the parsed children
 * array is taken over, each node linked once, as cheerio's `.html(html)` does); undefined when
 * elements nest deeper than MAX_PARSE_DEPTH.
 */
export function parseFragment(html: string): Document | undefined {
  const handler = new DepthLimitedHandler();
  try {
    new Parser(handler, PARSER_OPTIONS).end(html);
  } catch (error) {
    if (error === TOO_DEEP) return undefined;
    throw error;
  }
  const root = adopt(new Document([]), handler.root.children);
  if (root.children.length > MAX_TOP_LEVEL_NODES) adopt(root, [adopt(new Element('div', {}), root.children)]);
  return root;
}

/** The options cheerio's instance above parses with (the serializer's `encodeEntities` aside). */
const PARSER_OPTIONS = { xmlMode: false, decodeEntities: true } as const;

const TOO_DEEP = new Error(`elements nested deeper than ${MAX_PARSE_DEPTH}`);

/** domhandler's tree builder, stopped (by a throw, which the parser lets through) past MAX_PARSE_DEPTH. */
class DepthLimitedHandler extends DomHandler {
  override onopentag(name: string, attribs: Record<string, string>): void {
    super.onopentag(name, attribs);
    // The stack holds the root too.
    if (this.tagStack.length > MAX_PARSE_DEPTH + 1) throw TOO_DEEP;
  }
}

/** The fragment's HTML: its nodes serialized in order. */
export function serializeFragment(root: Document): string {
  const html = $(root).html() ?? '';
  // dom-serializer builds the HTML by `+=`, node by node: a rope of thousands of pieces, which every
  // young collection copied piece by piece while the post waited for its batch to be sent. Reading
  // a character flattens it into one string now (sending it would have, later): a sixth less
  // surviving the load and clean threads' young collections (measured with parse5's serializer,
  // which built it the same way).
  html.charCodeAt(0);
  return html;
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

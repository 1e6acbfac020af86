// Parsing a post's HTML fragment into the one tree every clean rule shares, and writing it back out:
// one `cheerio.load`, one `.html()`. The rules edit cheerio's domhandler tree directly (dom.ts):
// a cheerio wrapper per node visited cost more than the rules themselves.
import type { CheerioAPI } from 'cheerio';
import { Document, Element, type AnyNode, type ParentNode } from 'domhandler';
import { loadCheerioLoad } from './cheerio-load.js';

const load = await loadCheerioLoad();

/**
 * Past this many top-level nodes they are wrapped in one `<div>`: css-select (through domutils'
 * `removeSubsets`) compares every top-level node with every other on each `doc(selector)`, which
 * took seconds per rule on a post of 20,000 paragraphs. Real articles have a few hundred. (The
 * rules no longer select with CSS, but the wrapper is part of the output, so it stays.)
 */
export const MAX_TOP_LEVEL_NODES = 4096;

/** A post's parsed HTML: the tree the rules edit, and the cheerio instance that parsed and serializes it. */
export interface Fragment {
  root: Document;
  $: CheerioAPI;
}

/**
 * cheerio's htmlparser2 mode, in HTML (not XML) rules. It parses a post in a third of the time
 * parse5 took, and the load and clean threads warm up on less code: cold builds of 4,000 posts took
 * 15 % less time and CPU (README). It is not the HTML standard's tree builder, which does not
 * matter for safety: what a reader's browser parses is our serialization of the sanitized tree,
 * which holds only allowlisted elements, never comments or raw-text elements (allowlist.ts), with
 * every text and attribute escaped. `utf8`: only `&`, `<`, `>`, `"` and no-break spaces are escaped,
 * as parse5 did, not every non-ASCII character.
 */
const PARSE_OPTIONS = { xml: { xmlMode: false, decodeEntities: true, encodeEntities: 'utf8' } } as const;

/**
 * Parses `html` as a fragment, in linear time: htmlparser2 adds no `<html>`, `<head>` or `<body>`,
 * so the document's children are the fragment.
 */
export function parseFragment(html: string): Fragment {
  const $ = load(html, PARSE_OPTIONS, false);
  let nodes: AnyNode[] = $._root.children;
  if (nodes.length > MAX_TOP_LEVEL_NODES) nodes = [adopt(new Element('div', {}), nodes)];
  return { root: adopt(new Document([]), nodes), $ };
}

/**
 * The fragment's HTML: its nodes serialized in order by cheerio. The last use of `$`: the parsed
 * document is cut loose from it here (see `release`).
 */
export function serializeFragment({ root, $ }: Fragment): string {
  // The root's inner HTML: `$.html(root)` spliced the document's children into cheerio's
  // array-like wrapper (a slow generic splice) and copied them into a second one, on every post.
  const html = $(root).html() ?? '';
  // dom-serializer builds the HTML by `+=`, node by node: a rope of thousands of pieces, which every
  // young collection copied piece by piece while the post waited for its batch to be sent. Reading
  // a character flattens it into one string now (sending it would have, later): a sixth less
  // surviving the load and clean threads' young collections.
  html.charCodeAt(0);
  release($);
  return html;
}

/**
 * Empties the document cheerio parsed, so that cheerio's instance no longer reaches the post's
 * tree (the fragment holds its nodes on its own). Each `load` makes a class of its own, which
 * young collections do not free (V8 drops it only in a full collection), and with it the whole
 * tree through the class's closure: every post's tree was copied into the old generation (60 MB
 * per 2,000 posts; 10 MB with this), most of the load and clean threads' collection time.
 */
function release($: CheerioAPI): void {
  $._root.children = [];
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

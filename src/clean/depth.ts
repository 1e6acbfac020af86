// Hostile or broken HTML can nest elements thousands deep; every recursive walk after the parse
// (text(), the serializer, the rules' selectors) would then overflow the stack.
import type { AnyNode, Document, Element, ParentNode } from 'domhandler';
import { DROPPED_ELEMENTS } from './allowlist.js';
import { append, empty } from './dom.js';

/** Deeper than any real article; Chromium's own parser flattens past 512. */
export const MAX_DEPTH = 200;

/**
 * Flattens everything nested deeper than `maxDepth`: an element at that depth keeps its
 * descendants' text (and images and line breaks) in document order, without their wrappers.
 * Iterative, so it never overflows itself; returns how many elements were flattened.
 */
export function limitDepth(root: Document, maxDepth = MAX_DEPTH): number {
  if (countTags(root) <= maxDepth) return 0; // nothing can be that deep: skip the walk
  let flattened = 0;
  const stack: { node: AnyNode; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    if (!('children' in node)) continue;
    const parent = node as ParentNode;
    if (depth === maxDepth && parent.children.some((c) => 'children' in c && c.children.length)) {
      const leaves = leavesOf(parent);
      empty(parent);
      append(parent, leaves);
      flattened++;
      continue;
    }
    for (const child of parent.children) stack.push({ node: child, depth: depth + 1 });
  }
  return flattened;
}

/** Elements in the tree, counted up to a little past `MAX_DEPTH` only. */
function countTags(root: ParentNode): number {
  let count = 0;
  const stack: AnyNode[] = [root];
  while (stack.length && count <= MAX_DEPTH) {
    const node = stack.pop()!;
    if (node.type === 'tag') count++;
    if ('children' in node) for (const child of node.children) stack.push(child);
  }
  return count;
}

const KEPT_LEAVES = new Set(['img', 'br']);

// The dropped elements that hold content (HTML's void elements hold none), and any tag.
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'frame', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const DROPPED_WITH_CONTENT = new RegExp(`<(${[...DROPPED_ELEMENTS].filter((name) => !VOID_ELEMENTS.has(name)).join('|')})\\b[^>]*>[\\s\\S]*?</\\1\\s*>`, 'gi');
const TAG = /<(\/?)([A-Za-z][^\t\n\f\r />]*)[^>]*>?/g;

/**
 * What limitDepth keeps of a fragment nested too deep to parse (see parseFragment), made from its
 * text: the text, images and line breaks in document order, without the code of the dropped
 * elements (script, style, …) or any other tag. The sanitizer still reads what is left.
 */
export function leavesOfHtml(html: string): string {
  return html.replace(DROPPED_WITH_CONTENT, '').replace(TAG, (tag, closing: string, name: string) => (!closing && KEPT_LEAVES.has(name.toLowerCase()) ? tag : ''));
}

function leavesOf(top: ParentNode): AnyNode[] {
  const leaves: AnyNode[] = [];
  const stack: AnyNode[] = [...top.children].reverse();
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'text') leaves.push(node);
    else if (node.type === 'script' || node.type === 'style' || (node.type === 'tag' && DROPPED_ELEMENTS.has((node as Element).name))) continue; // code, not text
    else if (node.type === 'tag' && KEPT_LEAVES.has((node as Element).name)) leaves.push(node);
    else if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return leaves;
}

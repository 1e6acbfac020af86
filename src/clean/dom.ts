// Small tree helpers the rules share, working on domhandler nodes directly: no rule needs a second
// parse, and none pays for a cheerio wrapper (a new object of a per-document class on every call,
// about a tenth of the clean stage's time when the rules used them).
import { Element, Text, type AnyNode, type Document, type ParentNode } from 'domhandler';

/** Whitespace as scraped Chinese pages write it: ASCII, no-break, full-width and zero-width spaces. */
export const BLANK = /^[\s\u00a0\u3000\u200b\ufeff]*$/;

/** True for an element node. */
export function isElement(node: AnyNode | null | undefined): node is Element {
  return !!node && node.type === 'tag';
}

/** True for a text node holding only whitespace. */
export function isBlankText(node: AnyNode): boolean {
  return node.type === 'text' && BLANK.test((node as Text).data);
}

/** The nearest element after `node` among its siblings, skipping whitespace text; undefined past text or the end. */
export function nextElement(node: AnyNode): Element | undefined {
  for (let n = node.next; n; n = n.next) {
    if (isElement(n)) return n;
    if (n.type === 'text' && !isBlankText(n)) return undefined;
  }
  return undefined;
}

/** The nearest element before `node` among its siblings, skipping whitespace text; undefined past text or the start. */
export function previousElement(node: AnyNode): Element | undefined {
  for (let n = node.prev; n; n = n.prev) {
    if (isElement(n)) return n;
    if (n.type === 'text' && !isBlankText(n)) return undefined;
  }
  return undefined;
}

/** The element children of the fragment's root (the top-level blocks of the body). */
export function topElements(root: Document): Element[] {
  return (root.children as AnyNode[]).filter(isElement);
}

/** Text of a node and its descendants, without cheerio's wrapper. */
export function textOf(node: AnyNode): string {
  if (node.type === 'text') return (node as Text).data;
  if (!('children' in node)) return '';
  let text = '';
  for (const child of (node as ParentNode).children) text += textOf(child);
  return text;
}

/**
 * Text of a node and its descendants as one flat string, joined once: `textOf` concatenates piece
 * by piece, and reading such a string character by character (`countCharacters`) costs several
 * times more than reading a flat one.
 */
export function flatTextOf(node: AnyNode): string {
  const parts: string[] = [];
  const visit = (n: AnyNode): void => {
    if (n.type === 'text') parts.push((n as Text).data);
    else if ('children' in n) for (const child of (n as ParentNode).children) visit(child);
  };
  visit(node);
  return parts.join('');
}

/** Text of a node if it has at most `max` UTF-16 units, else undefined; stops reading as soon as it is longer. */
export function shortTextOf(node: AnyNode, max: number): string | undefined {
  let text = '';
  const visit = (n: AnyNode): boolean => {
    if (n.type === 'text') text += (n as Text).data;
    else if ('children' in n) for (const child of (n as ParentNode).children) if (!visit(child)) return false;
    return text.length <= max;
  };
  return visit(node) ? text : undefined;
}

/** The text with every kind of whitespace removed: how the rules compare short lines. */
export function compactText(node: AnyNode): string {
  return textOf(node).replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, '');
}

/**
 * Takes `node` out of the tree; it keeps its own children. The tree edits below do exactly what
 * cheerio's `remove`, `replaceWith`, `before`, `append` and `empty` did, link for link (see
 * `splice`), so the rules make the same decisions and the output stays byte-identical.
 */
export function remove(node: AnyNode): void {
  if (node.prev) node.prev.next = node.next;
  if (node.next) node.next.prev = node.prev;
  if (node.parent) {
    const siblings = node.parent.children;
    const at = siblings.lastIndexOf(node as (typeof siblings)[number]);
    if (at >= 0) siblings.splice(at, 1);
  }
  node.next = node.prev = node.parent = null;
}

/** Replaces an element by its children. */
export function unwrap(element: Element): void {
  const parent = element.parent;
  if (!parent) return;
  // The children leave together, so they are detached in one pass rather than spliced out one by one.
  const children = element.children.splice(0);
  for (const child of children) child.parent = child.prev = child.next = null;
  splice(parent, parent.children.indexOf(element), 1, children);
  element.parent = element.prev = element.next = null;
}

/** Removes a block and the line break before it, so the serialized body keeps no blank lines where it stood. */
export function removeBlock(element: Element): void {
  const before = element.prev;
  if (before && isBlankText(before)) remove(before);
  remove(element);
}

/** Inserts `node` just before the element `reference`, taking it from wherever it was. (Like cheerio, nothing happens before a text or comment.) */
export function insertBefore(reference: AnyNode, node: AnyNode): void {
  const parent = reference.parent;
  if (!parent || !('children' in reference)) return;
  const at = parent.children.indexOf(reference as (typeof parent.children)[number]);
  if (at !== -1) splice(parent, at, 0, [node]);
}

/** Appends `nodes` (a copy is taken: it may be another element's live `children`) to `parent`, taking each from wherever it was. */
export function append(parent: ParentNode, nodes: AnyNode | readonly AnyNode[]): void {
  splice(parent, parent.children.length, 0, Array.isArray(nodes) ? [...nodes] : [nodes as AnyNode]);
}

/** Detaches every child of `parent`; the children keep theirs. */
export function empty(parent: ParentNode): void {
  for (const child of parent.children) child.next = child.prev = child.parent = null;
  parent.children.length = 0;
}

/**
 * Puts `nodes` in `parent.children` at `index` in place of `deleteCount` nodes, taking each from
 * its old parent: cheerio's `uniqueSplice`, quirk included. The neighbours are read before any
 * node moves, and with no nodes to put in, the neighbours' links are left `undefined` (so a walk
 * along `next` stops where an empty element was unwrapped). The rules' decisions follow those
 * links; keeping the quirk keeps every build's output what it was.
 */
function splice(parent: ParentNode, index: number, deleteCount: number, nodes: AnyNode[]): void {
  const siblings = parent.children as AnyNode[];
  const prev = index === 0 ? null : siblings[index - 1];
  const next = index + deleteCount >= siblings.length ? null : siblings[index + deleteCount];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    const old = node.parent;
    if (old) {
      const at = (old.children as AnyNode[]).indexOf(node);
      if (at !== -1) {
        old.children.splice(at, 1);
        if (old === parent && index > at) index--;
      }
    }
    node.parent = parent;
    if (node.prev) node.prev.next = node.next ?? null;
    if (node.next) node.next.prev = node.prev ?? null;
    node.prev = i === 0 ? prev : nodes[i - 1];
    node.next = i === nodes.length - 1 ? next : nodes[i + 1];
  }
  if (prev) prev.next = nodes[0] as AnyNode; // undefined for no nodes: the quirk above
  if (next) next.prev = nodes[nodes.length - 1] as AnyNode;
  spliceMany(siblings, index, deleteCount, nodes);
}

/** `array.splice(index, deleteCount, ...items)` for any number of items (a spread of 100,000 overflows the stack). */
function spliceMany<T>(array: T[], index: number, deleteCount: number, items: T[]): void {
  if (items.length < 4096) {
    array.splice(index, deleteCount, ...items);
    return;
  }
  const tail = array.splice(index).slice(deleteCount);
  for (const item of items) array.push(item);
  for (const item of tail) array.push(item);
}

/** A new, empty element, built without parsing. */
export function createElement(name: string, attribs: Record<string, string> = {}): Element {
  return new Element(name, { ...attribs });
}

/** A new text node. */
export function createText(data: string): Text {
  return new Text(data);
}

/** Calls `visit` on every node below `parent`, in document order; the visitor may remove the node it is given. */
export function walk(parent: ParentNode, visit: (node: AnyNode) => void): void {
  for (const child of [...parent.children]) {
    visit(child);
    if (child.parent === parent && 'children' in child) walk(child as ParentNode, visit);
  }
}

/**
 * Every element named `names` below the root, in document order. A plain walk: the rules run on
 * every post, and compiling and matching a CSS selector costs several times more.
 */
export function elementsNamed(root: ParentNode, ...names: string[]): Element[] {
  const out: Element[] = [];
  const visit = (parent: ParentNode): void => {
    for (const child of parent.children) {
      if (!isElement(child)) continue;
      if (names.includes(child.name)) out.push(child);
      visit(child);
    }
  };
  visit(root);
  return out;
}

/** True when an element below `parent` is named one of `names`. */
export function hasDescendant(parent: ParentNode, ...names: string[]): boolean {
  for (const child of parent.children) {
    if (isElement(child) && (names.includes(child.name) || hasDescendant(child, ...names))) return true;
  }
  return false;
}

/** The last `count` paragraphs of the body, in document order: where scrapers put sources, links and navigation. */
export function lastParagraphs(root: Document, count: number): Element[] {
  const out: Element[] = [];
  const visit = (parent: ParentNode): void => {
    for (let i = parent.children.length - 1; i >= 0 && out.length < count; i--) {
      const child = parent.children[i];
      if (!isElement(child)) continue;
      if (child.name === 'p') out.push(child);
      else if (child.name === 'div' || child.name === 'section' || child.name === 'center') visit(child);
    }
  };
  visit(root);
  return out.reverse();
}

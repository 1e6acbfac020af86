// Small tree helpers the rules share, working on domhandler nodes so no rule needs a second parse.
import type { CheerioAPI } from 'cheerio';
import { Element, Text, type AnyNode, type ParentNode } from 'domhandler';

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
export function topElements(doc: CheerioAPI): Element[] {
  return (doc.root()[0].children as AnyNode[]).filter(isElement);
}

/** Text of a node and its descendants, without cheerio's wrapper. */
export function textOf(node: AnyNode): string {
  if (node.type === 'text') return (node as Text).data;
  if (!('children' in node)) return '';
  let text = '';
  for (const child of (node as ParentNode).children) text += textOf(child);
  return text;
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

/** Replaces an element by its children. */
export function unwrap(doc: CheerioAPI, element: Element): void {
  doc(element).replaceWith(element.children as AnyNode[]);
}

/** Removes a block and the line break before it, so the serialized body keeps no blank lines where it stood. */
export function removeBlock(doc: CheerioAPI, element: Element): void {
  const before = element.prev;
  if (before && isBlankText(before)) doc(before).remove();
  doc(element).remove();
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
export function elementsNamed(doc: CheerioAPI, ...names: string[]): Element[] {
  const out: Element[] = [];
  const visit = (parent: ParentNode): void => {
    for (const child of parent.children) {
      if (!isElement(child)) continue;
      if (names.includes(child.name)) out.push(child);
      visit(child);
    }
  };
  visit(doc.root()[0] as ParentNode);
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
export function lastParagraphs(doc: CheerioAPI, count: number): Element[] {
  const out: Element[] = [];
  const visit = (parent: ParentNode): void => {
    for (let i = parent.children.length - 1; i >= 0 && out.length < count; i--) {
      const child = parent.children[i];
      if (!isElement(child)) continue;
      if (child.name === 'p') out.push(child);
      else if (child.name === 'div' || child.name === 'section' || child.name === 'center') visit(child);
    }
  };
  visit(doc.root()[0] as ParentNode);
  return out.reverse();
}

// Scraped pages often put a whole article in one paragraph, its paragraphs separated by `<br><br>`.
// Two or more `<br>` in a row end a paragraph; one `<br>` is a line break and stays. `<br>`s at a
// paragraph's start or end only add blank lines, so they go. A `<div>` of bare text and `<br>`s
// (no paragraphs at all) is split the same way, each piece wrapped in a new `<p>`.
import type { AnyNode } from 'domhandler';
import { append, createElement, elementsNamed, empty, insertBefore, isBlankText, isElement, remove } from '../dom.js';
import type { CleanRule } from '../rule.js';

export const splitBrParagraphs: CleanRule = {
  name: 'split-br-paragraphs',
  apply(root) {
    for (const element of elementsNamed(root, 'p', 'div')) {
      if (!element.children.some(isBreak)) continue;
      if (element.name === 'div' && element.children.some((child) => isElement(child) && BLOCK.test(child.name))) continue;
      const pieces = splitAtBreaks(element.children as AnyNode[]);
      if (pieces.length === 1 && pieces[0].length === element.children.length) continue;
      if (element.name === 'div') {
        // Emptying only unlinks the nodes: the pieces move into their paragraphs, the <br>s are gone.
        empty(element);
        for (const piece of pieces) {
          const p = createElement('p');
          append(p, piece);
          append(element, p);
        }
        continue;
      }
      for (const piece of pieces) {
        const part = createElement('p', element.attribs);
        insertBefore(element, part);
        append(part, piece);
      }
      remove(element);
    }
  },
};

/** The children cut at every run of two or more `<br>`, with `<br>`s at the ends of each piece dropped. */
function splitAtBreaks(children: AnyNode[]): AnyNode[][] {
  const pieces: AnyNode[][] = [];
  let current: AnyNode[] = [];
  let i = 0;
  while (i < children.length) {
    const node = children[i];
    if (!isBreak(node)) {
      current.push(node);
      i++;
      continue;
    }
    // A run of <br>s, allowing whitespace between them.
    let j = i;
    let breaks = 0;
    while (j < children.length && (isBreak(children[j]) || isBlankText(children[j]))) {
      if (isBreak(children[j])) breaks++;
      j++;
    }
    const atEdge = !current.some((n) => !isBlankText(n)) || j === children.length;
    if (breaks >= 2 && !atEdge) {
      pieces.push(current);
      current = [];
    } else if (!atEdge) {
      current.push(...children.slice(i, j));
    }
    i = j;
  }
  pieces.push(current);
  return pieces.filter((piece) => piece.some((n) => !isBlankText(n)));
}

/** Elements that make a `<div>` a container of blocks rather than a paragraph in disguise. */
const BLOCK = /^(p|div|section|article|table|ul|ol|dl|h[1-6]|blockquote|figure|pre|hr|center)$/;

function isBreak(node: AnyNode): boolean {
  return isElement(node) && node.name === 'br';
}

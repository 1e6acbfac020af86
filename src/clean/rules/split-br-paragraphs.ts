// Scraped pages often put a whole article in one paragraph, its paragraphs separated by `<br><br>`.
// Two or more `<br>` in a row end a paragraph; one `<br>` is a line break and stays. `<br>`s at a
// paragraph's start or end only add blank lines, so they go.
import type { AnyNode, Element } from 'domhandler';
import { createElement, elementsNamed, isBlankText, isElement } from '../dom.js';
import type { CleanRule } from '../rule.js';

export const splitBrParagraphs: CleanRule = {
  name: 'split-br-paragraphs',
  apply(doc) {
    for (const p of elementsNamed(doc, 'p')) {
      if (!p.children.some((child) => isElement(child) && child.name === 'br')) continue;
      const pieces = splitAtBreaks(p.children as AnyNode[]);
      if (pieces.length === 1 && pieces[0].length === p.children.length) continue;
      const $p = doc(p);
      for (const piece of pieces) {
        const part = createElement('p', p.attribs);
        $p.before(part);
        doc(part).append(piece);
      }
      $p.remove();
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

function isBreak(node: AnyNode): boolean {
  return isElement(node) && node.name === 'br';
}
